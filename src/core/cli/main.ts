export function main(argv: string[]): Promise<number> {
  console.log('cli placeholder', argv);
  return Promise.resolve(0);
}
