// The health check's sentences (src/shared/health-texts.ts) in every UI language
// (`health.text.<code>`, filled with the line's parameters): views/health-check.ts shows them
// instead of the core's English `summary` / `next`. Spread into en.ts, de.ts and fr.ts at the
// same place (French keeps English's key order); test/renderer/i18n-health-kiosk.test.ts checks
// every code has a line in every language and no English in German or French.

export const healthTextsEn = {
  'health.text.broker.pass':
    'The broker at {broker} answered and signed you in ({count} profiles).',
  'health.text.broker.reachable': 'The broker at {broker} is reachable (TCP connection made).',
  'health.text.broker.next': 'Check the broker address and your network.',
  'health.text.tls.pass': 'The certificate chain of {host} is valid for that name and trusted.',
  'health.text.tls.ssh':
    'An ssh:// broker uses no TLS; its host key was verified against known_hosts.',
  'health.text.tls.plain':
    'Plain http:// to {host}: no TLS, the password crosses the network in clear.',
  'health.text.tls.next-plain': 'Ask the administrator for an https:// broker address.',
  'health.text.tls.next-ca': 'Ask the administrator for the broker’s CA certificate.',
  'health.text.tls.skip': 'Not checked: no answer from the broker.',
  'health.text.profile.skip': 'Not checked: the broker did not list profiles.',
  'health.text.profile.pass': 'The broker offers the profile “{profile}” ({label}).',
  'health.text.profile.next': 'Pick one of: {profiles}.',
  'health.text.profile.next-none': 'The broker offers you no profile: ask the administrator.',
  'health.text.selectsession.skip': 'Not asked: no profile to select.',
  'health.text.selectsession.pass': 'The broker chose the X2Go server {server}.',
  'health.text.selectsession.pass-key':
    'The broker chose the X2Go server {server} and sent a login key (not used by the check).',
  'health.text.selectsession.next': 'Try again later, or ask the administrator.',
  'health.text.server.skip': 'Not checked: the broker named no server.',
  'health.text.dns.pass': '{host} resolves to {addresses}.',
  'health.text.dns.fail':
    'The server name {host} (from the broker) does not resolve here ({code}).',
  'health.text.dns.next':
    'Check this computer’s DNS (or VPN); the broker may name a host only its own network knows — ask the administrator.',
  'health.text.ssh-port.skip': 'Not checked: {host} does not resolve.',
  'health.text.ssh-port.pass': 'The SSH port {where} accepts connections from here.',
  'health.text.ssh-port.fail':
    'The SSH port {where} does not accept connections from here ({code}).',
  'health.text.ssh-port.next-refused':
    'Nothing listens on {where}: the server’s SSH daemon may be down — ask the administrator.',
  'health.text.ssh-port.next-blocked':
    'A firewall or the network blocks {where}; check VPN and firewall, or ask the administrator.',
  'health.text.host-key.skip': 'Not checked: no connection to {where}.',
  'health.text.host-key.pass':
    'The {keyType} host key of {where} ({fingerprint}) is known ({source}).',
  'health.text.host-key.next':
    'Ask the administrator for the server’s key fingerprint; the key is checked against {subject}.',
  'health.text.client.pass': '{client} {version} is installed at {file}.',
  'health.text.client.pass-no-version': '{client} is installed at {file} (it reports no version).',
  'health.text.client.next': 'Install an X2Go client.',
  'health.text.sessions.found': 'You have {count} session(s) for this profile on {server}.',
  'health.text.sessions.next': 'Resume it, end it, or start a new session.',
  'health.text.sessions.none':
    'The broker reports no running or suspended session of yours for this profile: a launch starts a new one.',
  'health.text.unexpected': 'This check failed: {message}',
} as const;

export const healthTextsDe: Record<keyof typeof healthTextsEn, string> = {
  'health.text.broker.pass':
    'Der Broker unter {broker} hat geantwortet und Sie angemeldet ({count} Profile).',
  'health.text.broker.reachable':
    'Der Broker unter {broker} ist erreichbar (TCP-Verbindung hergestellt).',
  'health.text.broker.next': 'Prüfen Sie die Broker-Adresse und Ihr Netzwerk.',
  'health.text.tls.pass':
    'Die Zertifikatskette von {host} gilt für diesen Namen und ist vertrauenswürdig.',
  'health.text.tls.ssh':
    'Ein ssh://-Broker nutzt kein TLS; sein Host-Schlüssel wurde mit known_hosts geprüft.',
  'health.text.tls.plain':
    'Unverschlüsseltes http:// zu {host}: kein TLS, das Passwort geht im Klartext durchs Netz.',
  'health.text.tls.next-plain': 'Fragen Sie die Administration nach einer https://-Broker-Adresse.',
  'health.text.tls.next-ca': 'Fragen Sie die Administration nach dem CA-Zertifikat des Brokers.',
  'health.text.tls.skip': 'Nicht geprüft: keine Antwort vom Broker.',
  'health.text.profile.skip': 'Nicht geprüft: der Broker hat keine Profile aufgelistet.',
  'health.text.profile.pass': 'Der Broker bietet das Profil „{profile}“ an ({label}).',
  'health.text.profile.next': 'Wählen Sie eines von: {profiles}.',
  'health.text.profile.next-none':
    'Der Broker bietet Ihnen kein Profil an: Fragen Sie die Administration.',
  'health.text.selectsession.skip': 'Nicht gefragt: kein Profil zum Auswählen.',
  'health.text.selectsession.pass': 'Der Broker hat den X2Go-Server {server} gewählt.',
  'health.text.selectsession.pass-key':
    'Der Broker hat den X2Go-Server {server} gewählt und einen Anmeldeschlüssel geschickt (von der Prüfung nicht benutzt).',
  'health.text.selectsession.next':
    'Versuchen Sie es später erneut oder fragen Sie die Administration.',
  'health.text.server.skip': 'Nicht geprüft: der Broker hat keinen Server genannt.',
  'health.text.dns.pass': '{host} wird zu {addresses} aufgelöst.',
  'health.text.dns.fail':
    'Der Servername {host} (vom Broker) lässt sich hier nicht auflösen ({code}).',
  'health.text.dns.next':
    'Prüfen Sie das DNS (oder VPN) dieses Computers; der Broker nennt vielleicht einen Host, den nur sein eigenes Netz kennt – fragen Sie die Administration.',
  'health.text.ssh-port.skip': 'Nicht geprüft: {host} lässt sich nicht auflösen.',
  'health.text.ssh-port.pass': 'Der SSH-Port {where} nimmt von hier Verbindungen an.',
  'health.text.ssh-port.fail':
    'Der SSH-Port {where} nimmt von hier keine Verbindungen an ({code}).',
  'health.text.ssh-port.next-refused':
    'Auf {where} lauscht nichts: der SSH-Dienst des Servers läuft vielleicht nicht – fragen Sie die Administration.',
  'health.text.ssh-port.next-blocked':
    'Eine Firewall oder das Netz blockiert {where}; prüfen Sie VPN und Firewall oder fragen Sie die Administration.',
  'health.text.host-key.skip': 'Nicht geprüft: keine Verbindung zu {where}.',
  'health.text.host-key.pass':
    'Der {keyType}-Host-Schlüssel von {where} ({fingerprint}) ist bekannt ({source}).',
  'health.text.host-key.next':
    'Fragen Sie die Administration nach dem Fingerabdruck des Serverschlüssels; geprüft wird gegen {subject}.',
  'health.text.client.pass': '{client} {version} ist unter {file} installiert.',
  'health.text.client.pass-no-version':
    '{client} ist unter {file} installiert (ohne Versionsangabe).',
  'health.text.client.next': 'Installieren Sie einen X2Go-Client.',
  'health.text.sessions.found': 'Sie haben {count} Sitzung(en) für dieses Profil auf {server}.',
  'health.text.sessions.next':
    'Setzen Sie sie fort, beenden Sie sie oder starten Sie eine neue Sitzung.',
  'health.text.sessions.none':
    'Der Broker meldet keine laufende oder angehaltene Sitzung von Ihnen für dieses Profil: ein Start beginnt eine neue.',
  'health.text.unexpected': 'Diese Prüfung ist fehlgeschlagen: {message}',
};

export const healthTextsFr: Record<keyof typeof healthTextsEn, string> = {
  'health.text.broker.pass': 'Le broker {broker} a répondu et vous a connecté ({count} profils).',
  'health.text.broker.reachable': 'Le broker {broker} est joignable (connexion TCP établie).',
  'health.text.broker.next': 'Vérifiez l’adresse du broker et votre réseau.',
  'health.text.tls.pass': 'La chaîne de certificats de {host} est valide pour ce nom et reconnue.',
  'health.text.tls.ssh':
    'Un broker ssh:// n’utilise pas TLS ; sa clé d’hôte a été vérifiée dans known_hosts.',
  'health.text.tls.plain':
    'http:// en clair vers {host} : pas de TLS, le mot de passe traverse le réseau en clair.',
  'health.text.tls.next-plain': 'Demandez à l’administrateur une adresse de broker https://.',
  'health.text.tls.next-ca': 'Demandez à l’administrateur le certificat d’autorité du broker.',
  'health.text.tls.skip': 'Non vérifié : pas de réponse du broker.',
  'health.text.profile.skip': 'Non vérifié : le broker n’a pas listé de profils.',
  'health.text.profile.pass': 'Le broker propose le profil « {profile} » ({label}).',
  'health.text.profile.next': 'Choisissez parmi : {profiles}.',
  'health.text.profile.next-none':
    'Le broker ne vous propose aucun profil : demandez à l’administrateur.',
  'health.text.selectsession.skip': 'Non demandé : aucun profil à choisir.',
  'health.text.selectsession.pass': 'Le broker a choisi le serveur X2Go {server}.',
  'health.text.selectsession.pass-key':
    'Le broker a choisi le serveur X2Go {server} et envoyé une clé de connexion (non utilisée par la vérification).',
  'health.text.selectsession.next': 'Réessayez plus tard ou demandez à l’administrateur.',
  'health.text.server.skip': 'Non vérifié : le broker n’a nommé aucun serveur.',
  'health.text.dns.pass': '{host} se résout en {addresses}.',
  'health.text.dns.fail':
    'Le nom de serveur {host} (donné par le broker) ne se résout pas ici ({code}).',
  'health.text.dns.next':
    'Vérifiez le DNS (ou le VPN) de cet ordinateur ; le broker nomme peut-être un hôte que seul son réseau connaît — demandez à l’administrateur.',
  'health.text.ssh-port.skip': 'Non vérifié : {host} ne se résout pas.',
  'health.text.ssh-port.pass': 'Le port SSH {where} accepte les connexions depuis ici.',
  'health.text.ssh-port.fail':
    'Le port SSH {where} n’accepte pas de connexion depuis ici ({code}).',
  'health.text.ssh-port.next-refused':
    'Rien n’écoute sur {where} : le service SSH du serveur est peut-être arrêté — demandez à l’administrateur.',
  'health.text.ssh-port.next-blocked':
    'Un pare-feu ou le réseau bloque {where} ; vérifiez le VPN et le pare-feu, ou demandez à l’administrateur.',
  'health.text.host-key.skip': 'Non vérifié : pas de connexion à {where}.',
  'health.text.host-key.pass':
    'La clé d’hôte {keyType} de {where} ({fingerprint}) est connue ({source}).',
  'health.text.host-key.next':
    'Demandez à l’administrateur l’empreinte de la clé du serveur ; elle est vérifiée dans {subject}.',
  'health.text.client.pass': '{client} {version} est installé dans {file}.',
  'health.text.client.pass-no-version':
    '{client} est installé dans {file} (sans numéro de version).',
  'health.text.client.next': 'Installez un client X2Go.',
  'health.text.sessions.found': 'Vous avez {count} session(s) pour ce profil sur {server}.',
  'health.text.sessions.next': 'Reprenez-la, achevez-la ou démarrez une nouvelle session.',
  'health.text.sessions.none':
    'Le broker ne signale aucune session en cours ou suspendue à votre nom pour ce profil : un lancement en démarre une nouvelle.',
  'health.text.unexpected': 'Cette vérification a échoué : {message}',
};
