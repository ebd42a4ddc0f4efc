// Default tile icons per session kind, bundled with the app as SVG data URLs (never fetched).
import type { BrokerProfile, SessionKind } from '../../shared/api';
import application from './application.svg';
import desktop from './desktop.svg';
import folder from './folder.svg';
import kdrive from './kdrive.svg';
import published from './published.svg';
import rdp from './rdp.svg';
import shadow from './shadow.svg';
import xdmcp from './xdmcp.svg';

export const DEFAULT_ICONS: Readonly<Record<SessionKind, string>> = {
  desktop,
  application,
  published,
  shadow,
  rdp,
  xdmcp,
  kdrive,
};
export const FOLDER_ICON = folder;

/**
 * Largest icon data URL we show: the core caps decoded icons at 1 MiB (MAX_ICON_BYTES), which
 * is ≤ 1,398,104 base64 characters; anything longer did not come through main's sniffing.
 */
export const MAX_ICON_URL_CHARS = Math.ceil((1024 * 1024) / 3) * 4 + 64;
const ALLOWED = /^data:image\/(png|jpeg|gif|svg\+xml);base64,[A-Za-z0-9+/]+={0,2}$/;

/**
 * The icon to show: the broker's only when it is a base64 image data URL of an allowed type,
 * matching the declared mime, within the size cap; otherwise the default for the kind.
 */
export function iconFor(profile: BrokerProfile): string {
  const icon = profile.icon;
  if (
    icon &&
    typeof icon.dataUrl === 'string' &&
    icon.dataUrl.length <= MAX_ICON_URL_CHARS &&
    icon.dataUrl.startsWith(`data:${icon.mime};base64,`) &&
    ALLOWED.test(icon.dataUrl)
  )
    return icon.dataUrl;
  return DEFAULT_ICONS[profile.kind] ?? DEFAULT_ICONS.desktop;
}
