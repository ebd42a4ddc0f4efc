// Textes français : mêmes clés et paramètres que en.ts, dans le même ordre (vérifié par le
// type et par test/renderer/i18n-languages.test.ts). Termes d’X2Go comme dans la traduction
// française d’x2goclient (broker, session, Suspendre, Achever, Reprendre, Test de connectivité).
import type { ErrorCode } from '../../shared/errors';
import type { MessageKey } from './en';

const errors = {
  'err.internal.unexpected': 'Une erreur interne s’est produite dans le lanceur.',
  'err.internal.ipc': 'Erreur interne dans {method} : {reason}',
  'err.internal.transport-scheme': 'Ce transport ne gère pas les adresses {scheme}://.',
  'err.internal.auth-id-malformed':
    'Refus d’enregistrer un cookie auth-id qui n’est pas un seul mot de caractères imprimables.',
  'err.internal.ssh-no-profile-id': 'selectsession a besoin d’un identifiant de profil.',
  'err.internal.ssh-no-command': 'Aucune commande distante indiquée.',
  'err.ipc.unknown-sender': 'Requête refusée : expéditeur inconnu.',
  'err.ipc.invalid-arguments': 'La requête a été refusée : {reason}',
  'err.broker.timeout.request': 'Le broker {where} n’a pas répondu en {seconds} s.',
  'err.broker.timeout.connect': 'Pas de connexion au broker {where} en {seconds} s.',
  'err.broker.http.redirect':
    'Le broker {where} a répondu par une redirection (HTTP {status}) vers {location} ; les redirections ne sont pas suivies.',
  'err.broker.http.unauthorized': 'Le broker a refusé les identifiants (HTTP 401).',
  'err.broker.http.not-found': 'Le broker n’a pas ce point d’accès : {where} (HTTP 404).',
  'err.broker.http.method-not-allowed':
    'Le serveur n’accepte pas de requêtes POST à {where} (HTTP 405).',
  'err.broker.http.bad-request': 'Le broker a rejeté la requête comme mal formée (HTTP 400).',
  'err.broker.http.server-error': 'Le broker {where} a échoué (HTTP {status}).',
  'err.broker.http.status': 'Le broker {where} a répondu HTTP {status}.',
  'err.broker.http.reply-too-large': 'La réponse du broker dépasse la limite de {limit} octets.',
  'err.broker.tls': 'Le certificat TLS du broker n’a pas été accepté ({error}).',
  'err.broker.unreachable': 'Impossible de joindre le broker {where} ({error}).',
  'err.broker.request-failed': 'La requête au broker {where} a échoué : {reason}',
  'err.broker.cancelled': 'La requête au broker a été annulée.',
  'err.config.ca-file.unreadable':
    'Impossible de lire le fichier de certificat d’autorité {file} ({error}).',
  'err.config.ca-file.no-certificate':
    'Le fichier de certificat d’autorité {file} ne contient aucun certificat PEM.',
  'err.broker.no-profile-id': 'Aucun identifiant de profil indiqué.',
  'err.broker.no-server':
    'Le broker n’a aucun serveur X2Go disponible pour le profil « {profile} » ({server}).',
  'err.broker.signed-out': 'Déconnecté du broker : identifiez-vous à nouveau.',
  'err.broker.not-signed-in': 'Vous n’êtes connecté à aucun broker.',
  'err.broker.cookie.expired': 'Le broker n’accepte plus le cookie auth-id.',
  'err.broker.cookie.refused': 'Le broker a refusé le cookie auth-id.',
  'err.broker.cookie.malformed':
    'Le broker a émis un cookie auth-id qui n’est pas un seul mot de caractères imprimables ; il a été refusé.',
  'err.broker.auth.required':
    'Le broker exige une authentification, et aucun mot de passe ni auth-id n’a été donné.',
  'err.broker.access-denied': 'Le broker n’a pas accordé l’accès.',
  'err.broker.reply.too-large':
    'La réponse du broker est trop grande ({size} caractères, limite {limit}).',
  'err.broker.reply.no-server': 'Le broker n’a renvoyé aucun serveur pour ce profil.',
  'err.broker.reply.not-json': 'Le broker a répondu en {contentType} au lieu de JSON.',
  'err.broker.plain.testcon-not-ok': 'Le broker n’a pas répondu OK au test de connectivité.',
  'err.broker.plain.no-access-line':
    'La réponse du broker ne contient pas de ligne « Access granted ».',
  'err.broker.json.not-object': 'La réponse JSON du broker n’est pas un objet JSON.',
  'err.broker.json.too-complex': 'La réponse JSON du broker dépasse les limites ({detail}).',
  'err.broker.json.invalid': 'La réponse JSON du broker n’est pas du JSON valide ({reason}).',
  'err.broker.json.profiles-not-object':
    'La réponse JSON du broker contient un membre « profiles » qui n’est pas un objet.',
  'err.broker.json.server-not-string':
    'La réponse JSON du broker désigne un serveur qui n’est pas une chaîne.',
  'err.broker.server.empty': 'Le broker a désigné un serveur vide.',
  'err.broker.server.invalid': 'Le broker a désigné un serveur invalide « {server} ».',
  'err.broker.server.bad-port': 'Le broker a désigné un port invalide « {port} ».',
  'err.broker.server.port-range': 'Le broker a désigné le port {port}, hors de 1–65535.',
  'err.broker.server.ipv6-unterminated':
    'Le broker a désigné une adresse [IPv6] sans son crochet fermant.',
  'err.broker.key.not-one-block':
    'Le broker a envoyé une clé privée qui n’est pas un seul bloc BEGIN … END.',
  'err.broker.key.label-mismatch':
    'Le broker a envoyé une clé privée dont l’étiquette de fin diffère de celle du début.',
  'err.broker.key.too-many-lines': 'Le broker a envoyé une clé privée de plus de {limit} lignes.',
  'err.broker.key.no-blank-line':
    'Le broker a envoyé une clé privée sans ligne vide après ses en-têtes (ligne {line}).',
  'err.broker.key.bad-line':
    'Le broker a envoyé une clé privée avec une ligne qui n’est pas une donnée de clé en base64 (ligne {line} de la clé).',
  'err.broker.key.no-data': 'Le broker a envoyé une clé privée sans données de clé.',
  'err.broker.key.no-end': 'Le broker a envoyé une clé privée sans sa ligne END.',
  'err.broker.key.several': 'Le broker a envoyé plus d’une clé privée.',
  'err.broker.argument-nul': 'Un argument pour le broker contient un caractère NUL.',
  'err.broker-url.invalid': '{detail}',
  'err.broker-url.scheme': 'Saisissez une adresse commençant par http://, https:// ou ssh://',
  'err.auth-id.unreadable': 'Impossible de lire le fichier auth-id {path} ({error}).',
  'err.auth-id.too-large':
    'Le fichier auth-id {path} est trop grand pour être un fichier de cookie.',
  'err.auth-id.empty': 'Le fichier auth-id {path} est vide (sa première ligne est blanche).',
  'err.auth-id.malformed': 'La première ligne de {path} ne ressemble pas à un cookie auth-id.',
  'err.auth-id.write-failed': 'Impossible d’écrire le nouveau cookie dans {path} ({error}).',
  'err.ssh-broker.refused':
    'Le broker SSH {where} a refusé le cookie ou les identifiants (réponse vide).',
  'err.ssh-broker.no-exit-status':
    'La commande du broker SSH {where} s’est terminée sans code de sortie.',
  'err.ssh-broker.crashed': 'Le broker SSH {where} a planté (exception Python).',
  'err.ssh-broker.command-line-rejected': 'Le broker SSH {where} a rejeté la ligne de commande.',
  'err.ssh-broker.no-task': 'Le broker SSH {where} n’a reçu aucune tâche.',
  'err.ssh-broker.command-not-found': 'La commande du broker {where} est introuvable.',
  'err.ssh-broker.command-not-permitted':
    'La commande du broker {where} ne peut pas être lancée par cet utilisateur.',
  'err.ssh-broker.failed':
    'La commande du broker SSH {where} a échoué avec le code de sortie {status}.',
  'err.ssh-broker.timeout': 'La commande du broker SSH {where} ne s’est pas terminée en {ms} ms.',
  'err.ssh-broker.exec-refused':
    'Le serveur SSH {where} a refusé de lancer la commande du broker : {reason}',
  'err.ssh-broker.reply-too-large': 'La réponse du broker SSH dépasse {limit} octets : refusée.',
  'err.ssh.timeout.handshake': 'Pas de négociation SSH avec {where} en {ms} ms.',
  'err.ssh.timeout.login': 'L’authentification SSH sur {where} a pris plus de {ms} ms.',
  'err.ssh.timeout.connect': 'La connexion à {where} a expiré.',
  'err.ssh.login-abandoned': 'Connexion SSH à {where} abandonnée (transport fermé).',
  'err.ssh.host-key-check-failed': 'La vérification de la clé d’hôte a échoué : {reason}',
  'err.ssh.closed.handshake': 'La connexion SSH à {where} s’est fermée pendant la négociation.',
  'err.ssh.closed.login': 'La connexion SSH à {where} s’est fermée pendant l’authentification.',
  'err.ssh.closed.request': 'La connexion SSH à {where} s’est fermée pendant une requête.',
  'err.ssh.start-failed': 'Impossible de démarrer SSH : {reason}',
  'err.ssh.unreachable': 'Impossible de se connecter au broker SSH {where} ({error}).',
  'err.ssh.unresolved': 'Le nom de l’hôte du broker SSH {host} ne se résout pas ({error}).',
  'err.ssh.handshake-failed': 'La connexion SSH à {where} a échoué : {reason}',
  'err.ssh.connect-failed': 'La connexion SSH à {where} a échoué : {reason}',
  'err.ssh.login-ended': 'Le serveur SSH {where} a mis fin à la connexion de {user} : {reason}.',
  'err.ssh.login-cancelled': 'La connexion SSH à {where} a été annulée.',
  'err.ssh.password-refused': 'Connexion SSH refusée : mauvais mot de passe pour {where}.',
  'err.ssh.keys-refused':
    'Connexion SSH refusée : le serveur {where} n’a pas accepté {keys} pour l’utilisateur {user}.',
  'err.ssh.key-encrypted':
    'La clé SSH {file} est chiffrée et aucune phrase de passe n’a été donnée.',
  'err.ssh.key-bad-passphrase': 'Mauvaise phrase de passe pour la clé SSH {file}.',
  'err.ssh.key-unreadable': 'La clé SSH {file} est inutilisable : {reason}.',
  'err.ssh.no-method-left':
    'Connexion SSH à {where} impossible : plus aucune méthode d’authentification.',
  'err.ssh-key.unusable': 'La clé SSH {path} est inutilisable : {reason}',
  'err.host-key.revoked':
    'La clé d’hôte {keyType} de {host} (empreinte {fingerprint}) est RÉVOQUÉE. Connexion refusée.',
  'err.host-key.changed':
    'ATTENTION : la clé d’hôte SSH de {host} A CHANGÉ ! Quelqu’un pourrait être en train de vous espionner (attaque de l’homme du milieu). La clé {keyType} envoyée par le serveur a l’empreinte {fingerprint} ; la clé connue se trouve dans {known}. Connexion refusée.',
  'err.host-key.unknown':
    'L’authenticité de l’hôte {host} ne peut être établie : il ne figure pas dans known_hosts. L’empreinte de la clé {keyType} est {fingerprint}.',
  'err.host-key.save-failed': 'Impossible d’ajouter la clé d’hôte de {host} à {file} : {reason}',
  'err.server-key.cancelled': 'La vérification de la clé d’hôte de {where} a été annulée.',
  'err.server-key.timeout': 'Pas de négociation SSH avec {where} en {ms} ms.',
  'err.server-key.no-exchange': '{where} n’a mené à bien aucun échange de clé d’hôte.',
  'err.server-key.closed': '{where} a fermé la connexion pendant la négociation.',
  'err.server-key.start-failed': 'Impossible de vérifier {where} : {reason}',
  'err.server-key.handshake-failed': 'La négociation SSH avec {where} a échoué : {reason}',
  'err.server.timeout.connect': 'La connexion à {where} a expiré.',
  'err.server.unreachable': 'Impossible de se connecter à {where} ({error}).',
  'err.session-name.invalid': '« {name} » n’est pas un nom de session X2Go : refusé.',
  'err.terminate.no-server': 'Le broker n’a désigné aucun serveur X2Go pour cette session.',
  'err.terminate.no-such-session':
    '{where} n’a aucune session X2Go {name} en cours ou suspendue (déjà achevée ?).',
  'err.terminate.failed': 'x2goterminate-session {name} a échoué sur {where} (code {exit}).',
  'err.terminate.still-listed':
    'La session {name} est toujours listée sur {where} après x2goterminate-session.',
  'err.terminate.no-listsessions':
    '{where} n’a pas x2golistsessions : x2goserver est-il installé ?',
  'err.terminate.listsessions-failed': 'x2golistsessions a échoué sur {where} (code {exit}).',
  'err.terminate.unexpected': 'Impossible d’achever la session : {reason}',
  'err.terminate.cancelled': 'L’arrêt de la session a été annulé.',
  'err.terminate.unavailable': 'Achever des sessions n’est pas possible ici.',
  'err.client.none': 'Aucun client X2Go n’est installé.',
  'err.client.cannot-start-profile':
    'Le client X2Go installé ne peut pas démarrer ce profil ({reasons}).',
  'err.client.direct-unset':
    'Ce profil démarre directement un client {client} local, et l’administrateur n’a désigné aucun client {client} local : il ne peut pas démarrer.',
  'err.client.not-executable': 'Le client X2Go {file} n’existe pas ou n’est pas exécutable.',
  'err.client.not-installed': 'Le client X2Go « {client} » n’est pas installé.',
  'err.client.key-expired':
    'La clé temporaire du broker a {age} s : le serveur ne l’accepte que pendant environ {budget} s après le choix de la session.',
  'err.client.start-failed': 'Impossible de démarrer {client} : {reason}',
  'err.client.pyhoca-limit': 'pyhoca-cli ne peut pas démarrer ce profil : {reason}.',
  'err.client.pyhoca-value':
    'La valeur {key} de cette session ne peut pas être transmise à pyhoca-cli : elle {reason}.',
  'err.client.host-key-refused':
    'pyhoca-cli a refusé la clé d’hôte du serveur X2Go {server} : {reason}',
  'err.policy.one-broker': 'Ce lanceur est configuré pour un seul broker : {broker}.',
  'err.password.not-saved': 'Aucun mot de passe enregistré pour ce broker et cet utilisateur.',
  'err.profile.gone': 'Le broker ne propose plus ce profil.',
  'err.launch.cancelled': 'Annulé : la session n’a pas été démarrée.',
  'err.operation.cancelled': 'Annulé.',
  'err.prompt.expired': 'Cette question a déjà reçu une réponse ou a expiré.',
  'err.cli.unknown-command': 'Commande inconnue « {command} ».',
  'err.cli.usage': 'Usage : x2go-launcher {synopsis} [options]',
  'err.cli.bad-arguments': '{detail}',
  'err.cli.option-of-other-command':
    '--{option} est une option de « {other} », pas de « {command} ».',
  'err.cli.password-on-command-line':
    'Un mot de passe n’est jamais accepté sur la ligne de commande.',
  'err.cli.no-such-profile': 'Le broker ne propose aucun profil « {profile} ».',
  'err.broker.http.reply-encoding': 'La réponse du broker est illisible ({reason}).',
  'err.kiosk.pin-mismatch': 'Les deux codes PIN diffèrent.',
  'err.kiosk.pin-too-short': 'Un code PIN administrateur doit compter au moins {min} caractères.',
  'err.config.locked': '{switches} : verrouillé par la politique de l’administrateur ({origin}).',
  'err.deep-link.refused': 'Ce lien x2go-launcher:// a été refusé : {reason}.',
  'err.options.ssh-only':
    '--broker-ssh-key et --broker-autologin ne s’appliquent qu’aux adresses de broker ssh://.',
  'err.options.missing-broker-url': 'Il manque --broker-url URL.',
  'err.options.dialect': '--dialect doit valoir plain ou json, pas « {value} ».',
  'err.options.auth-id-persist': '--auth-id-persist demande --auth-id FICHIER.',
  'err.options.password-sources': 'Donnez une seule source de mot de passe ({sources}).',
  'err.options.noauth-password': '--broker-noauth ne prend pas de mot de passe.',
  'err.options.timeout':
    '--timeout doit être un nombre de secondes (0 < s ≤ 3600), pas « {value} ».',
  'err.options.empty-file': '--{option} a reçu un nom de fichier vide.',
  'err.options.empty-value': '--{option} a reçu une valeur vide.',
  'err.options.client': 'Le client X2Go doit être x2goclient ou pyhoca-cli, pas « {value} ».',
  'err.options.allow-local': '--allow-local accepte {allowed}, pas « {value} ».',
  'err.password-file.unreadable': 'Impossible de lire le fichier de mot de passe {path} ({error}).',
  'err.password-file.too-large': 'Le fichier de mot de passe {path} est trop grand.',
  'err.password-stdin.too-large': 'Le mot de passe sur l’entrée standard est trop grand.',
  'err.password-env.unset': 'La variable d’environnement {name} n’est pas définie.',
  'err.password.no-terminal': 'Aucun mot de passe donné et aucun terminal pour le demander.',
  'err.password.cancelled': 'Saisie du mot de passe annulée.',
  'err.password.none': 'Aucun mot de passe saisi.',
  // broker password change (src/core/broker/setpass.ts)
  'err.internal.ssh-no-newpass':
    'Un nouveau mot de passe du broker n’est jamais placé sur une ligne de commande SSH.',
  'err.broker.setpass.wrong-password':
    'Le broker a refusé votre mot de passe actuel. Rien n’a été modifié.',
  'err.broker.setpass.ignored':
    'Le broker a accepté la demande, mais le nouveau mot de passe ne fonctionne pas : ce broker ne modifie pas les mots de passe (x2gobroker 0.0.4.3 ignore la demande). Votre mot de passe est inchangé ; adressez-vous à votre administrateur.',
  'err.broker.setpass.ssh-unsupported':
    'Un broker SSH vous identifie avec votre compte sur la machine du broker : changez ce mot de passe là-bas (par exemple avec passwd), pas par le broker.',
  'err.broker.setpass.no-password':
    'Ce broker vous identifie sans mot de passe : il n’y a pas de mot de passe du broker à modifier.',
  'err.broker.setpass.same': 'Le nouveau mot de passe est identique à l’actuel.',
  'err.broker.setpass.empty': 'Le nouveau mot de passe est vide.',
  'err.broker.setpass.mismatch': 'Les mots de passe ne correspondent pas.',
} as const satisfies Record<`err.${ErrorCode}`, string>;

/** The French UI strings (every key of en, in en’s order). */
export const fr: Record<MessageKey, string> = {
  'app.title': 'X2Go Launcher',
  'common.cancel': 'Annuler',
  'common.back': 'Retour',
  'common.retry': 'Réessayer',
  'common.close': 'Fermer',
  'common.details': 'Détails',

  'signin.heading': 'Connexion à votre broker de sessions',
  'signin.sub': 'Vos sessions s’affichent une fois connecté.',
  'signin.url': 'Adresse du broker',
  'signin.url.help': 'Par exemple https://broker.example.org/plain/ ou ssh://utilisateur@hôte/',
  'signin.url.locked': 'Défini par votre administrateur',
  'signin.user': 'Identifiant',
  'signin.password': 'Mot de passe',
  'signin.password.saved':
    'Un mot de passe enregistré sera utilisé. Saisissez-en un nouveau pour le remplacer.',
  'signin.remember': 'Mémoriser le mot de passe dans le trousseau du système',
  'signin.remember.noKeyring':
    'Aucun trousseau système n’est disponible (backend : {backend}) ; le mot de passe ne peut pas être mémorisé de façon sûre. Il est gardé en mémoire jusqu’à votre déconnexion.',
  'signin.remember.policy':
    'Votre administrateur n’autorise pas la mémorisation des mots de passe.',
  'signin.remember.unsupported':
    'La mémorisation des mots de passe n’est pas prise en charge sur ce système.',
  'signin.noAuth': 'Ce broker ne demande pas d’identification',
  'signin.advanced': 'Plus d’options',
  'signin.authIdFile': 'Fichier de cookie auth-id',
  'signin.authIdFile.help': 'La première ligne de ce fichier est envoyée comme cookie au broker.',
  'signin.plainHttp':
    'Ce broker utilise http:// sans chiffrement : votre mot de passe peut être lu sur le réseau. Demandez une adresse https://.',
  'signin.sshKey': 'Fichier de clé privée SSH',
  'signin.sshAgent': 'Utiliser l’agent SSH ou les clés par défaut',
  'signin.browse': 'Parcourir…',
  'signin.submit': 'Se connecter',
  'signin.cachedNote': 'Dernière liste de ce broker : {age}.',

  'progress.connecting': 'Connexion au broker…',
  'progress.authenticating': 'Identification…',
  'progress.loading-profiles': 'Chargement de vos sessions…',
  'progress.asking-broker': 'Demande d’un serveur au broker…',

  'catalogue.heading': 'Sessions',
  'catalogue.search': 'Rechercher des sessions',
  'catalogue.search.placeholder': 'Rechercher dans toutes les sessions (/ ou Ctrl+F)',
  'catalogue.home': 'Toutes les sessions',
  'catalogue.breadcrumb': 'Dossier',
  'catalogue.view.grid': 'Vignettes',
  'catalogue.view.list': 'Liste',
  'catalogue.refresh': 'Actualiser',
  'catalogue.refreshing': 'Actualisation…',
  'catalogue.signOut': 'Se déconnecter',
  'catalogue.signedInAs': '{user} sur {broker}',
  'catalogue.signedInNoUser': '{broker}',
  'catalogue.updated': 'Mis à jour {age}',
  'catalogue.stale': 'Liste affichée : celle de {age}.',
  'catalogue.stale.signIn': 'Se connecter pour actualiser',
  'catalogue.count': '{count} sessions',
  'catalogue.count.one': '1 session',
  'catalogue.results': '{count} résultats pour « {query} »',
  'catalogue.results.one': '1 résultat pour « {query} »',
  'catalogue.empty': 'Ce broker ne vous propose aucune session.',
  'catalogue.empty.hint':
    'Demandez à votre administrateur de vous donner accès, ou essayez un autre broker.',
  'catalogue.noMatch': 'Aucune session ne correspond à « {query} ».',
  'catalogue.favourites': 'Favoris',
  'catalogue.recents': 'Récentes',
  'catalogue.favourite.add': 'Ajouter aux favoris (F)',
  'catalogue.favourite.remove': 'Retirer des favoris (F)',
  'catalogue.favourite.state': 'favori',
  'catalogue.folder': 'Dossier {name}, {count} sessions',
  'catalogue.folder.one': 'Dossier {name}, 1 session',
  'catalogue.folder.count.one': '1 session',
  'catalogue.folder.count': '{count} sessions',
  'catalogue.inFolder': 'dans {folder}',
  'catalogue.status.running': 'En cours',
  'catalogue.status.suspended': 'Suspendue',
  'catalogue.keys':
    'Flèches : se déplacer · Entrée : démarrer · F : favori · Retour arrière : remonter · / : rechercher · Échap : revenir',

  'kind.desktop': 'Bureau',
  'kind.application': 'Application',
  'kind.published': 'Applications publiées',
  'kind.shadow': 'Partage de bureau',
  'kind.rdp': 'Windows (RDP)',
  'kind.xdmcp': 'XDMCP',
  'kind.kdrive': 'Bureau (KDrive)',

  'launch.heading': 'Démarrage de {name}',
  'launch.state.asking-broker': 'Demande au broker',
  'launch.state.starting-client': 'Démarrage du client X2Go',
  'launch.state.running': 'En cours',
  'launch.state.ended': 'Terminée',
  'launch.state.failed': 'Échec',
  'launch.running.note':
    'La session s’ouvre dans sa propre fenêtre. Cette liste revient quand elle se termine.',
  'launch.ended': '{name} est terminée.',
  'launch.backToList': 'Retour aux sessions',
  'launch.choose.heading': 'Vous avez déjà des sessions pour {name}',
  'launch.choose.sub': 'Reprenez l’une d’elles ou démarrez-en une nouvelle.',
  'launch.choose.resume': 'Reprendre',
  'launch.choose.terminate': 'Achever la session',
  'launch.choose.new': 'Démarrer une nouvelle session',
  'launch.choose.session': '{host}, démarrée {created}',
  'launch.session.R': 'En cours',
  'launch.session.S': 'Suspendue',
  'launch.notice.broker-password-again':
    'Le broker demande de réutiliser votre mot de passe du broker pour le serveur, mais le client X2Go ne peut le recevoir que sur sa ligne de commande, lisible par d’autres : il vous redemande le mot de passe.',
  'launch.terminated': 'La session a été achevée.',

  'prompt.hostKey.heading': 'Clé de serveur inconnue',
  'prompt.hostKey.changed.heading': 'ATTENTION : la clé du serveur a CHANGÉ',
  'prompt.hostKey.text':
    'Le serveur {host}:{port} s’identifie avec cette clé {type}. Vérifiez l’empreinte auprès de votre administrateur avant de continuer.',
  'prompt.hostKey.changed.text':
    'Le serveur {host}:{port} présente une autre clé qu’auparavant. Quelqu’un intercepte peut-être la connexion. Ne continuez pas sans que votre administrateur confirme la nouvelle clé.',
  'prompt.hostKey.fingerprint': 'Empreinte',
  'prompt.hostKey.acceptOnce': 'Se connecter une fois',
  'prompt.hostKey.acceptRemember': 'Faire confiance et mémoriser',
  'prompt.hostKey.reject': 'Ne pas se connecter',
  'prompt.kbd.heading': 'Le serveur demande des informations supplémentaires',
  'prompt.kbd.submit': 'Continuer',
  'prompt.passphrase.heading': 'Phrase de passe de la clé',
  'prompt.passphrase.text': 'Saisissez la phrase de passe de {file}.',
  'prompt.passphrase.label': 'Phrase de passe',
  'prompt.local.heading': 'Cette session veut utiliser votre ordinateur',
  'prompt.local.text':
    '{profile} (de {broker}) demande : {list}. Le broker ne peut pas en décider à votre place.',
  'prompt.local.folders':
    'vos dossiers {items} (le partage de fichiers d’X2Go permet au serveur d’atteindre davantage de vos fichiers que ceux-ci)',
  'prompt.local.printing':
    'l’impression sur vos imprimantes (via le partage de fichiers d’X2Go, qui permet au serveur d’atteindre vos fichiers)',
  'prompt.local.mimebox':
    'des fichiers du serveur, enregistrés où vous le choisissez (via le partage de fichiers d’X2Go, qui permet au serveur d’atteindre vos fichiers)',
  'prompt.local.agent': 'votre agent SSH (ses clés utilisables depuis le serveur)',
  'prompt.local.sshproxy': 'une connexion via {items}',
  'prompt.local.kerberos': 'votre ticket Kerberos',
  'prompt.local.once': 'Autoriser une fois',
  'prompt.local.always': 'Toujours pour ce broker',
  'prompt.local.deny': 'Ne pas autoriser',

  'error.heading.usage': 'Vérifiez les réglages',
  'error.heading.auth': 'Identification échouée',
  'error.heading.cookie-rejected': 'Votre connexion a expiré',
  'error.heading.unreachable': 'Le broker est injoignable',
  'error.heading.timeout': 'Le broker n’a pas répondu à temps',
  'error.heading.tls': 'Le certificat du broker n’est pas reconnu',
  'error.heading.host-key': 'La clé du serveur n’a pas pu être vérifiée',
  'error.heading.protocol': 'Le broker a envoyé une réponse que cette application ne comprend pas',
  'error.heading.broker': 'Le broker a signalé une erreur',
  'error.heading.no-server': 'Aucun serveur n’est disponible pour cette session',
  'error.heading.client': 'Le client X2Go n’a pas pu être démarré',
  'error.heading.cancelled': 'Annulé',
  'error.heading.internal': 'Une erreur s’est produite dans le lanceur',
  'error.next.usage': 'Corrigez la valeur et réessayez.',
  'error.next.auth': 'Vérifiez votre identifiant et votre mot de passe (Verr. Maj ?) et réessayez.',
  'error.next.cookie-rejected':
    'Connectez-vous à nouveau. Si cela se répète, demandez un nouveau fichier de cookie.',
  'error.next.unreachable':
    'Vérifiez votre connexion réseau et l’adresse du broker. Si elles sont correctes, le broker est peut-être arrêté : réessayez dans un instant.',
  'error.next.timeout':
    'Le broker est peut-être occupé ou votre réseau lent. Réessayez dans un instant.',
  'error.next.tls':
    'Ne continuez pas si vous ne vous y attendiez pas. Transmettez les détails ci-dessous à votre administrateur : le broker a peut-être besoin d’un certificat d’une autorité reconnue, ou votre ordinateur du certificat d’autorité de l’entreprise.',
  'error.next.host-key': 'Demandez l’empreinte de la clé du serveur à votre administrateur.',
  'error.next.protocol':
    'L’adresse désigne peut-être autre chose qu’un broker X2Go. Vérifiez-la, ou transmettez les détails à votre administrateur.',
  'error.next.broker':
    'Réessayez plus tard. Si cela persiste, transmettez les détails à votre administrateur.',
  'error.next.no-server':
    'Tous les serveurs de cette session sont peut-être occupés ou arrêtés. Réessayez plus tard ou choisissez une autre session.',
  'error.next.client': 'Installez un client X2Go, puis réessayez :',
  'error.next.cancelled': 'Rien n’a été modifié.',
  'error.next.internal':
    'C’est un défaut du lanceur, pas de votre saisie. Réessayez ; si cela se répète, redémarrez le lanceur et signalez les détails ci-dessous.',
  'error.client.debian': 'Debian / Ubuntu : sudo apt install x2goclient',
  'error.client.fedora': 'Fedora : sudo dnf install x2goclient',
  'error.client.other': 'Windows et macOS : téléchargez-le sur le site d’X2Go.',
  'error.client.website': 'Ouvrir x2go.org',
  'error.cert.subject': 'Délivré à',
  'error.cert.issuer': 'Délivré par',
  'error.cert.valid': 'Validité',
  'error.cert.validRange': 'du {from} au {to}',
  'error.cert.fingerprint': 'Empreinte SHA-256',
  'error.code': 'Code d’erreur',
  'error.httpStatus': 'Statut HTTP',
  'error.brokerMessage': 'Message du broker',
  'error.hint': 'Note technique',
  'error.hostKeyFingerprint': 'Empreinte de la clé du serveur',

  'age.unknown': 'à une date inconnue',

  // account actions and language choice (views/account.ts)
  'account.changePassword': 'Changer le mot de passe',
  'account.testConnection': 'Test de connectivité',
  'setpass.heading': 'Changer votre mot de passe du broker',
  'setpass.sub': 'Pour {user} sur {broker}.',
  'setpass.current': 'Ancien mot de passe',
  'setpass.new': 'Nouveau mot de passe',
  'setpass.repeat': 'Confirmez le mot de passe',
  'setpass.submit': 'Changer le mot de passe',
  'setpass.working': 'Modification du mot de passe…',
  'setpass.done':
    'Votre mot de passe du broker a été modifié : le broker accepte désormais le nouveau et refuse l’ancien.',
  'testcon.heading': 'Test de connectivité',
  'testcon.working': 'Test de la connexion à {broker}…',
  'testcon.ok': 'Le broker {broker} a répondu au test de connectivité en {ms} ms.',
  'testcon.again': 'Tester à nouveau',
  'language.label': 'Langue',
  'language.system': 'Langue du système ({language})',
  'language.locked': 'Défini par votre administrateur',
  'language.en': 'English',
  'language.de': 'Deutsch',
  'language.fr': 'Français',

  ...errors,
};
