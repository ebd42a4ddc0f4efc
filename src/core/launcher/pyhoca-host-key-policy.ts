// Switches off Python X2Go's accept-anything host key default for one pyhoca-cli run,
// without touching the system (docs/host-keys.md).
//
// Why it is needed: pyhoca-cli 0.6.1.x has no switch for it. Without --add-to-known-hosts,
// X2GoControlSession.connect() (x2go/backends/control/plain.py) installs
// checkhosts.X2GoInteractiveAddPolicy, which asks X2GoSession.HOOK_check_host_dialog →
// X2GoClient.HOOK_check_host_dialog — and that hook "returns True by default" (pyhoca-cli does
// not override it): the unknown key is added and the login goes on. With
// --add-to-known-hosts it is X2GoAutoAddPolicy, which accepts as well.
//
// How: the launcher puts a `sitecustomize.py` into the launch's private directory and starts
// pyhoca-cli with PYTHONPATH=that directory (its #!/usr/bin/python3 has no -E/-I, so Python's
// site module imports it at start-up). It installs an import hook that, the moment
// `paramiko.client` is loaded, makes every paramiko SSHClient reject a missing host key: any
// policy set later (X2Go's interactive or auto-add ones, paramiko's AutoAddPolicy /
// WarningPolicy) is replaced by a reject policy. A key not in the private known_hosts
// (which holds only the key the launcher verified) therefore ends the login with an error
// BEFORE authentication; a different key for the same name is paramiko's BadHostKeyException.
// The hook patches paramiko after it is loaded instead of importing it early: x2go's
// __init__ must run gevent's monkey.patch_all() before paramiko's modules are imported.
// If the patch cannot be applied (another paramiko), the import fails and pyhoca-cli stops:
// it fails closed. The system's sitecustomize (Debian: the apport crash hook) is shadowed
// for this run on purpose: a crash report must not carry session data.

/** Directory (relative to the private dir) put on pyhoca-cli's PYTHONPATH. */
export const PYHOCA_PYTHONPATH_DIR = 'python';
/**
 * Path (relative to the private dir) of the sitecustomize.py that sets pyhoca-cli's host-key policy.
 */
export const PYHOCA_SITECUSTOMIZE = `${PYHOCA_PYTHONPATH_DIR}/sitecustomize.py`;
/** The text pyhoca-cli prints (paramiko.SSHException) when it refuses a key. */
export const PYHOCA_REFUSED_MARK = 'x2go-launcher: refused the SSH host key';

/**
 * The sitecustomize.py text: paramiko refuses every host key but the one we verified
 * (docs/host-keys.md).
 */
export const PYHOCA_SITECUSTOMIZE_SOURCE = `# Written by x2go-launcher for ONE pyhoca-cli run (on its PYTHONPATH, removed afterwards).
# Python X2Go accepts unknown SSH host keys by default (X2GoClient.HOOK_check_host_dialog
# returns True). The launcher has verified the server's key and put only that key into
# $HOME/.ssh/known_hosts; this makes paramiko refuse every other key before any login.
import base64
import hashlib
import importlib.machinery
import sys

_MARK = ${JSON.stringify(PYHOCA_REFUSED_MARK)}


def _confine(module):
    reject_base = module.RejectPolicy

    class LauncherRejectPolicy(reject_base):
        def missing_host_key(self, client, hostname, key):
            digest = base64.b64encode(hashlib.sha256(key.asbytes()).digest()).decode()
            raise module.SSHException(
                "%s %s SHA256:%s of %s: it is not the key the launcher verified; "
                "no login attempted" % (_MARK, key.get_name(), digest.rstrip("="), hostname)
            )

    set_policy = module.SSHClient.set_missing_host_key_policy
    init = module.SSHClient.__init__

    def set_missing_host_key_policy(self, policy):
        set_policy(self, LauncherRejectPolicy())

    def __init__(self, *args, **kwargs):
        init(self, *args, **kwargs)
        set_policy(self, LauncherRejectPolicy())

    module.SSHClient.set_missing_host_key_policy = set_missing_host_key_policy
    module.SSHClient.__init__ = __init__
    module.AutoAddPolicy.missing_host_key = LauncherRejectPolicy.missing_host_key
    module.WarningPolicy.missing_host_key = LauncherRejectPolicy.missing_host_key


class _ConfineParamiko:
    def find_spec(self, name, path=None, target=None):
        if name != "paramiko.client":
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None:
            raise ImportError("x2go-launcher: cannot find paramiko.client to confine it")
        run_module = spec.loader.exec_module

        def exec_module(module):
            run_module(module)
            _confine(module)

        spec.loader.exec_module = exec_module
        return spec


sys.meta_path.insert(0, _ConfineParamiko())
`;

/** How pyhoca-cli reports paramiko's BadHostKeyException (a changed key for the name). */
const PYHOCA_BAD_HOST_KEY = /SSH host key verification for remote host .* failed/;

/**
 * The line in which pyhoca-cli reported that it refused the server's host key (our reject
 * policy, or a changed key), or null. pyhoca-cli 0.6.1.2 exits 0 after such a refusal, so
 * the caller looks at its output to report it as the host-key error it is.
 */
export function pyhocaHostKeyRefusal(lines: readonly string[]): string | null {
  return lines.find((l) => l.includes(PYHOCA_REFUSED_MARK) || PYHOCA_BAD_HOST_KEY.test(l)) ?? null;
}
