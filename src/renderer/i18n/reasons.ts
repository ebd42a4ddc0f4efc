// The reasons of src/shared/error-reasons.ts in every UI language (`reason.<code>.<param>.<id>`,
// filled with the error's parameters): errorMessage (./index.ts) puts the reason's line in the
// place of its parameter, so a translated error message embeds no English fragment. Spread
// into en.ts, de.ts and fr.ts at the same place (French keeps English's key order); every id
// has a line in every language (test/renderer/i18n-error-params.test.ts).

export const reasonsEn = {
  'reason.deep-link.refused.reason.too-long': 'it is longer than {value} characters',
  'reason.deep-link.refused.reason.control-characters': 'it contains control characters',
  'reason.deep-link.refused.reason.not-a-url': 'it is not a URL',
  'reason.deep-link.refused.reason.wrong-scheme': 'it is not an x2go-launcher:// link',
  'reason.deep-link.refused.reason.credentials': 'it carries credentials',
  'reason.deep-link.refused.reason.unknown-action': '“{value}” is not a known action (only “open”)',
  'reason.deep-link.refused.reason.fragment': 'it has a #fragment',
  'reason.deep-link.refused.reason.unknown-parameter': 'unknown parameter “{value}”',
  'reason.deep-link.refused.reason.repeated-parameter': '“{value}” is given twice',
  'reason.deep-link.refused.reason.no-broker': 'it names no broker',
  'reason.deep-link.refused.reason.broker-user': 'the broker URL carries a user name',
  'reason.deep-link.refused.reason.broker-invalid': 'its broker URL is not valid',
  'reason.deep-link.refused.reason.broker-not-configured':
    'the broker {value} is not one of the configured brokers',
  'reason.deep-link.refused.reason.profile-malformed': 'its profile id is malformed',
  'reason.deep-link.refused.reason.unreadable': 'it could not be read',
  'reason.cli.bad-arguments.issue.unknown': 'Unknown option “{option}”.',
  'reason.cli.bad-arguments.issue.x2goclient-unsupported':
    '{option} is an x2goclient switch X2Go Launcher does not support.',
  'reason.cli.bad-arguments.issue.other-command-line':
    '{option} is an option of the other command line (app or CLI).',
  'reason.cli.bad-arguments.issue.missing-value': 'Option “{option}” needs a value.',
  'reason.cli.bad-arguments.issue.unexpected-value': 'Option “{option}” does not take a value.',
  'reason.cli.bad-arguments.issue.invalid-value': '{option} has an empty or invalid value.',
  'reason.cli.bad-arguments.issue.repeated':
    '{option} was given more than once; the last value counts.',
  'reason.client.pyhoca-limit.reason.shadow': 'it cannot start desktop-sharing (SHADOW) sessions',
  'reason.client.pyhoca-limit.reason.direct-rdp': 'it cannot start direct RDP sessions',
  'reason.client.pyhoca-limit.reason.direct-xdmcp': 'it cannot start direct XDMCP sessions',
  'reason.client.pyhoca-limit.reason.password-prompt':
    'it would have to ask for the X2Go server password, which it cannot do without a terminal; it logs in only with a key the broker pushes, an SSH key or the SSH agent',
  'reason.client.cannot-start-profile.reasons.shadow':
    'pyhoca-cli cannot start desktop-sharing (SHADOW) sessions',
  'reason.client.cannot-start-profile.reasons.direct-rdp':
    'pyhoca-cli cannot start direct RDP sessions',
  'reason.client.cannot-start-profile.reasons.direct-xdmcp':
    'pyhoca-cli cannot start direct XDMCP sessions',
  'reason.client.cannot-start-profile.reasons.password-prompt':
    'pyhoca-cli cannot ask for the X2Go server password without a terminal; it logs in only with a key the broker pushes, an SSH key or the SSH agent',
  'reason.client.pyhoca-value.reason.list-item': 'a list item contains a comma or edge spaces',
  'reason.client.pyhoca-value.reason.control-character':
    'it contains a control character or line break',
  'reason.client.pyhoca-value.reason.edge-whitespace': 'it has leading or trailing whitespace',
  'reason.client.pyhoca-value.reason.not-boolean': 'it is not a boolean Python X2Go accepts',
  'reason.client.pyhoca-value.reason.not-integer': 'it is not an integer',
  'reason.client.pyhoca-value.reason.eval-list':
    'it starts with “[” (Python X2Go would run it as Python code, with eval)',
  'reason.broker.json.too-complex.reason.string-too-long':
    'a string longer than {limit} characters',
  'reason.broker.json.too-complex.reason.too-deep': 'nested deeper than {limit} levels',
  'reason.broker.json.too-complex.reason.too-many-containers':
    'more than {limit} objects and arrays',
  'reason.broker.json.too-complex.reason.too-many-values': 'more than {limit} values',
  'reason.proxy.invalid.source.policy': 'policy',
  'reason.proxy.invalid.source.system': 'system',
  'reason.proxy.invalid.source.environment': 'environment',
  'reason.proxy.invalid.source.default': 'default',
  'reason.proxy.invalid.reason.not-a-url': 'not a URL',
  'reason.proxy.invalid.reason.unsupported-scheme':
    'only http, https, socks4, socks4a, socks5 and socks5h proxies are supported',
  'reason.proxy.invalid.reason.socks-version':
    'say which SOCKS version: socks4://, socks4a://, socks5:// or socks5h://',
  'reason.proxy.invalid.reason.no-host': 'no host',
  'reason.proxy.invalid.reason.socks4-password':
    'SOCKS4 takes a user id but no password (use socks5:// for a password)',
  'reason.kiosk.power-still-running.action.poweroff': 'Shutting down',
  'reason.kiosk.power-still-running.action.reboot': 'Restarting',
  'reason.kiosk.power-still-running.action.power': 'Power',
  'reason.proxy.invalid.reason.has-path': 'a proxy URL has no path, query or fragment',
} as const;

export const reasonsDe: Record<keyof typeof reasonsEn, string> = {
  'reason.deep-link.refused.reason.too-long': 'er ist länger als {value} Zeichen',
  'reason.deep-link.refused.reason.control-characters': 'er enthält Steuerzeichen',
  'reason.deep-link.refused.reason.not-a-url': 'er ist keine URL',
  'reason.deep-link.refused.reason.wrong-scheme': 'er ist kein x2go-launcher://-Link',
  'reason.deep-link.refused.reason.credentials': 'er enthält Anmeldedaten',
  'reason.deep-link.refused.reason.unknown-action':
    '„{value}“ ist keine bekannte Aktion (nur „open“)',
  'reason.deep-link.refused.reason.fragment': 'er hat ein #Fragment',
  'reason.deep-link.refused.reason.unknown-parameter': 'unbekannter Parameter „{value}“',
  'reason.deep-link.refused.reason.repeated-parameter': '„{value}“ ist doppelt angegeben',
  'reason.deep-link.refused.reason.no-broker': 'er nennt keinen Broker',
  'reason.deep-link.refused.reason.broker-user': 'die Broker-URL enthält einen Benutzernamen',
  'reason.deep-link.refused.reason.broker-invalid': 'seine Broker-URL ist ungültig',
  'reason.deep-link.refused.reason.broker-not-configured':
    'der Broker {value} gehört nicht zu den eingerichteten Brokern',
  'reason.deep-link.refused.reason.profile-malformed': 'seine Profilkennung ist fehlerhaft',
  'reason.deep-link.refused.reason.unreadable': 'er konnte nicht gelesen werden',
  'reason.cli.bad-arguments.issue.unknown': 'Unbekannte Option „{option}“.',
  'reason.cli.bad-arguments.issue.x2goclient-unsupported':
    '{option} ist ein x2goclient-Schalter, den X2Go Launcher nicht unterstützt.',
  'reason.cli.bad-arguments.issue.other-command-line':
    '{option} gehört zur anderen Befehlszeile (App oder CLI).',
  'reason.cli.bad-arguments.issue.missing-value': 'Die Option „{option}“ braucht einen Wert.',
  'reason.cli.bad-arguments.issue.unexpected-value': 'Die Option „{option}“ nimmt keinen Wert an.',
  'reason.cli.bad-arguments.issue.invalid-value': '{option} hat einen leeren oder ungültigen Wert.',
  'reason.cli.bad-arguments.issue.repeated':
    '{option} wurde mehrfach angegeben; der letzte Wert gilt.',
  'reason.client.pyhoca-limit.reason.shadow':
    'es kann keine Sitzungen zur Desktop-Freigabe (SHADOW) starten',
  'reason.client.pyhoca-limit.reason.direct-rdp': 'es kann keine direkten RDP-Sitzungen starten',
  'reason.client.pyhoca-limit.reason.direct-xdmcp':
    'es kann keine direkten XDMCP-Sitzungen starten',
  'reason.client.pyhoca-limit.reason.password-prompt':
    'es müsste nach dem Passwort des X2Go-Servers fragen, was ohne Terminal nicht geht; es meldet sich nur mit einem vom Broker gesendeten Schlüssel, einem SSH-Schlüssel oder dem SSH-Agenten an',
  'reason.client.cannot-start-profile.reasons.shadow':
    'pyhoca-cli kann keine Sitzungen zur Desktop-Freigabe (SHADOW) starten',
  'reason.client.cannot-start-profile.reasons.direct-rdp':
    'pyhoca-cli kann keine direkten RDP-Sitzungen starten',
  'reason.client.cannot-start-profile.reasons.direct-xdmcp':
    'pyhoca-cli kann keine direkten XDMCP-Sitzungen starten',
  'reason.client.cannot-start-profile.reasons.password-prompt':
    'pyhoca-cli kann ohne Terminal nicht nach dem Passwort des X2Go-Servers fragen; es meldet sich nur mit einem vom Broker gesendeten Schlüssel, einem SSH-Schlüssel oder dem SSH-Agenten an',
  'reason.client.pyhoca-value.reason.list-item':
    'ein Listeneintrag enthält ein Komma oder Leerzeichen am Rand',
  'reason.client.pyhoca-value.reason.control-character':
    'er enthält ein Steuerzeichen oder einen Zeilenumbruch',
  'reason.client.pyhoca-value.reason.edge-whitespace': 'er beginnt oder endet mit Leerraum',
  'reason.client.pyhoca-value.reason.not-boolean':
    'er ist kein Wahrheitswert, den Python X2Go annimmt',
  'reason.client.pyhoca-value.reason.not-integer': 'er ist keine ganze Zahl',
  'reason.client.pyhoca-value.reason.eval-list':
    'er beginnt mit „[“ (Python X2Go würde ihn als Python-Code mit eval auswerten)',
  'reason.broker.json.too-complex.reason.string-too-long':
    'eine Zeichenkette länger als {limit} Zeichen',
  'reason.broker.json.too-complex.reason.too-deep': 'tiefer als {limit} Ebenen verschachtelt',
  'reason.broker.json.too-complex.reason.too-many-containers':
    'mehr als {limit} Objekte und Arrays',
  'reason.broker.json.too-complex.reason.too-many-values': 'mehr als {limit} Werte',
  'reason.proxy.invalid.source.policy': 'Richtlinie',
  'reason.proxy.invalid.source.system': 'System',
  'reason.proxy.invalid.source.environment': 'Umgebungsvariable',
  'reason.proxy.invalid.source.default': 'Voreinstellung',
  'reason.proxy.invalid.reason.not-a-url': 'keine URL',
  'reason.proxy.invalid.reason.unsupported-scheme':
    'nur HTTP-, HTTPS-, SOCKS4-, SOCKS4a-, SOCKS5- und SOCKS5h-Proxys werden unterstützt',
  'reason.proxy.invalid.reason.socks-version':
    'bitte die SOCKS-Version angeben: socks4://, socks4a://, socks5:// oder socks5h://',
  'reason.proxy.invalid.reason.no-host': 'kein Host',
  'reason.proxy.invalid.reason.socks4-password':
    'SOCKS4 kennt eine Benutzerkennung, aber kein Passwort (für ein Passwort socks5:// verwenden)',
  'reason.kiosk.power-still-running.action.poweroff': 'Herunterfahren',
  'reason.kiosk.power-still-running.action.reboot': 'Neustart',
  'reason.kiosk.power-still-running.action.power': 'Ein/Aus',
  'reason.proxy.invalid.reason.has-path':
    'eine Proxy-URL hat keinen Pfad, keine Abfrage und kein Fragment',
};

export const reasonsFr: Record<keyof typeof reasonsEn, string> = {
  'reason.deep-link.refused.reason.too-long': 'il dépasse {value} caractères',
  'reason.deep-link.refused.reason.control-characters': 'il contient des caractères de contrôle',
  'reason.deep-link.refused.reason.not-a-url': 'ce n’est pas une URL',
  'reason.deep-link.refused.reason.wrong-scheme': 'ce n’est pas un lien x2go-launcher://',
  'reason.deep-link.refused.reason.credentials': 'il contient des identifiants',
  'reason.deep-link.refused.reason.unknown-action':
    '« {value} » n’est pas une action connue (seulement « open »)',
  'reason.deep-link.refused.reason.fragment': 'il contient un #fragment',
  'reason.deep-link.refused.reason.unknown-parameter': 'paramètre inconnu « {value} »',
  'reason.deep-link.refused.reason.repeated-parameter': '« {value} » est donné deux fois',
  'reason.deep-link.refused.reason.no-broker': 'il ne nomme aucun broker',
  'reason.deep-link.refused.reason.broker-user': 'l’URL du broker contient un nom d’utilisateur',
  'reason.deep-link.refused.reason.broker-invalid': 'son URL de broker n’est pas valide',
  'reason.deep-link.refused.reason.broker-not-configured':
    'le broker {value} ne fait pas partie des brokers configurés',
  'reason.deep-link.refused.reason.profile-malformed': 'son identifiant de profil est mal formé',
  'reason.deep-link.refused.reason.unreadable': 'il n’a pas pu être lu',
  'reason.cli.bad-arguments.issue.unknown': 'Option inconnue « {option} ».',
  'reason.cli.bad-arguments.issue.x2goclient-unsupported':
    '{option} est une option d’x2goclient que X2Go Launcher ne prend pas en charge.',
  'reason.cli.bad-arguments.issue.other-command-line':
    '{option} appartient à l’autre ligne de commande (application ou CLI).',
  'reason.cli.bad-arguments.issue.missing-value': 'L’option « {option} » attend une valeur.',
  'reason.cli.bad-arguments.issue.unexpected-value':
    'L’option « {option} » n’accepte pas de valeur.',
  'reason.cli.bad-arguments.issue.invalid-value': '{option} a une valeur vide ou non valide.',
  'reason.cli.bad-arguments.issue.repeated':
    '{option} a été donné plusieurs fois ; la dernière valeur compte.',
  'reason.client.pyhoca-limit.reason.shadow':
    'il ne peut pas démarrer de sessions de partage de bureau (SHADOW)',
  'reason.client.pyhoca-limit.reason.direct-rdp':
    'il ne peut pas démarrer de sessions RDP directes',
  'reason.client.pyhoca-limit.reason.direct-xdmcp':
    'il ne peut pas démarrer de sessions XDMCP directes',
  'reason.client.pyhoca-limit.reason.password-prompt':
    'il devrait demander le mot de passe du serveur X2Go, ce qu’il ne peut pas faire sans terminal ; il se connecte seulement avec une clé envoyée par le broker, une clé SSH ou l’agent SSH',
  'reason.client.cannot-start-profile.reasons.shadow':
    'pyhoca-cli ne peut pas démarrer de sessions de partage de bureau (SHADOW)',
  'reason.client.cannot-start-profile.reasons.direct-rdp':
    'pyhoca-cli ne peut pas démarrer de sessions RDP directes',
  'reason.client.cannot-start-profile.reasons.direct-xdmcp':
    'pyhoca-cli ne peut pas démarrer de sessions XDMCP directes',
  'reason.client.cannot-start-profile.reasons.password-prompt':
    'pyhoca-cli ne peut pas demander le mot de passe du serveur X2Go sans terminal ; il se connecte seulement avec une clé envoyée par le broker, une clé SSH ou l’agent SSH',
  'reason.client.pyhoca-value.reason.list-item':
    'un élément de liste contient une virgule ou des espaces en bordure',
  'reason.client.pyhoca-value.reason.control-character':
    'elle contient un caractère de contrôle ou un saut de ligne',
  'reason.client.pyhoca-value.reason.edge-whitespace': 'elle commence ou finit par des espaces',
  'reason.client.pyhoca-value.reason.not-boolean':
    'ce n’est pas un booléen accepté par Python X2Go',
  'reason.client.pyhoca-value.reason.not-integer': 'ce n’est pas un entier',
  'reason.client.pyhoca-value.reason.eval-list':
    'elle commence par « [ » (Python X2Go l’exécuterait comme du code Python, avec eval)',
  'reason.broker.json.too-complex.reason.string-too-long':
    'une chaîne de plus de {limit} caractères',
  'reason.broker.json.too-complex.reason.too-deep': 'imbriquée sur plus de {limit} niveaux',
  'reason.broker.json.too-complex.reason.too-many-containers': 'plus de {limit} objets et tableaux',
  'reason.broker.json.too-complex.reason.too-many-values': 'plus de {limit} valeurs',
  'reason.proxy.invalid.source.policy': 'de la stratégie',
  'reason.proxy.invalid.source.system': 'du système',
  'reason.proxy.invalid.source.environment': 'de l’environnement',
  'reason.proxy.invalid.source.default': 'par défaut',
  'reason.proxy.invalid.reason.not-a-url': 'ce n’est pas une URL',
  'reason.proxy.invalid.reason.unsupported-scheme':
    'seuls les proxys http, https, socks4, socks4a, socks5 et socks5h sont pris en charge',
  'reason.proxy.invalid.reason.socks-version':
    'précisez la version de SOCKS : socks4://, socks4a://, socks5:// ou socks5h://',
  'reason.proxy.invalid.reason.no-host': 'aucun hôte',
  'reason.proxy.invalid.reason.socks4-password':
    'SOCKS4 accepte un identifiant mais pas de mot de passe (utilisez socks5:// pour un mot de passe)',
  'reason.kiosk.power-still-running.action.poweroff': 'Arrêt',
  'reason.kiosk.power-still-running.action.reboot': 'Redémarrage',
  'reason.kiosk.power-still-running.action.power': 'Alimentation',
  'reason.proxy.invalid.reason.has-path': 'une URL de proxy n’a ni chemin, ni requête, ni fragment',
};
