// Deutsche Texte: gleiche Schlüssel und Platzhalter wie en.ts (vom Typ und einem Test geprüft).
import type { MessageKey } from './en';
import { reasonsDe } from './reasons';
import { healthTextsDe } from './health-texts';

export const de: Record<MessageKey, string> = {
  'app.title': 'X2Go Launcher',
  'common.cancel': 'Abbrechen',
  'common.back': 'Zurück',
  'common.retry': 'Erneut versuchen',
  'common.close': 'Schließen',
  'common.details': 'Details',

  'signin.heading': 'Beim Sitzungs-Broker anmelden',
  'signin.sub': 'Nach der Anmeldung werden Ihre Sitzungen angezeigt.',
  'signin.url': 'Broker-Adresse',
  'signin.url.help': 'Zum Beispiel https://broker.example.org/plain/ oder ssh://benutzer@host/',
  'signin.url.locked': 'Von Ihrer Administration festgelegt',
  'signin.user': 'Benutzername',
  'signin.password': 'Passwort',
  'signin.password.saved':
    'Ein gespeichertes Passwort wird verwendet. Geben Sie ein neues ein, um es zu ersetzen.',
  'signin.remember': 'Passwort im Schlüsselbund des Systems speichern',
  'signin.remember.noKeyring':
    'Kein System-Schlüsselbund verfügbar (Backend: {backend}), daher kann das Passwort nicht sicher gespeichert werden. Es bleibt bis zur Abmeldung nur im Arbeitsspeicher.',
  'signin.remember.policy': 'Ihre Administration erlaubt das Speichern von Passwörtern nicht.',
  'signin.remember.unsupported': 'Passwörter können auf diesem System nicht gespeichert werden.',
  'signin.noAuth': 'Dieser Broker braucht keine Anmeldung',
  'signin.advanced': 'Weitere Optionen',
  'signin.authIdFile': 'Auth-ID-Cookie-Datei',
  'signin.authIdFile.help': 'Die erste Zeile dieser Datei wird als Broker-Cookie gesendet.',
  'signin.plainHttp':
    'Dieser Broker verwendet unverschlüsseltes http://: Ihr Passwort ist im Netzwerk lesbar. Fragen Sie nach einer https://-Adresse.',
  'signin.sshKey': 'Privater SSH-Schlüssel',
  'signin.sshAgent': 'SSH-Agent oder Standardschlüssel verwenden',
  'signin.browse': 'Durchsuchen…',
  'signin.submit': 'Anmelden',
  'signin.cachedNote': 'Letzte Liste dieses Brokers: {age}.',

  'progress.connecting': 'Verbindung zum Broker wird aufgebaut…',
  'progress.authenticating': 'Anmeldung läuft…',
  'progress.loading-profiles': 'Ihre Sitzungen werden geladen…',
  'progress.asking-broker': 'Der Broker wird nach einem Server gefragt…',

  'catalogue.heading': 'Sitzungen',
  // Fail-over (Issue 13)
  'catalogue.answeredAt': '(geantwortet hat {url})',
  'catalogue.search': 'Sitzungen durchsuchen',
  'catalogue.search.placeholder': 'Alle Sitzungen durchsuchen (/ oder Strg+F)',
  'catalogue.home': 'Alle Sitzungen',
  'catalogue.breadcrumb': 'Ordner',
  'catalogue.view.grid': 'Kacheln',
  'catalogue.view.list': 'Liste',
  'catalogue.refresh': 'Aktualisieren',
  'catalogue.refreshing': 'Wird aktualisiert…',
  'catalogue.signOut': 'Abmelden',
  'catalogue.signedInAs': '{user} bei {broker}',
  'catalogue.signedInNoUser': '{broker}',
  'catalogue.updated': 'Aktualisiert {age}',
  'catalogue.stale': 'Angezeigt wird die Liste von {age}.',
  'catalogue.stale.signIn': 'Zum Aktualisieren anmelden',
  'catalogue.count': '{count} Sitzungen',
  'catalogue.count.one': '1 Sitzung',
  'catalogue.results': '{count} Treffer für „{query}“',
  'catalogue.results.one': '1 Treffer für „{query}“',
  'catalogue.empty': 'Dieser Broker bietet Ihnen keine Sitzungen an.',
  'catalogue.empty.hint':
    'Bitten Sie Ihre Administration um Zugriff oder versuchen Sie einen anderen Broker.',
  'catalogue.noMatch': 'Keine Sitzung passt zu „{query}“.',
  'catalogue.favourites': 'Favoriten',
  'catalogue.recents': 'Zuletzt verwendet',
  'catalogue.favourite.add': 'Zu Favoriten hinzufügen (F)',
  'catalogue.favourite.remove': 'Aus Favoriten entfernen (F)',
  'catalogue.favourite.state': 'Favorit',
  'catalogue.folder': 'Ordner {name}, {count} Sitzungen',
  'catalogue.folder.one': 'Ordner {name}, 1 Sitzung',
  'catalogue.folder.count.one': '1 Sitzung',
  'catalogue.folder.count': '{count} Sitzungen',
  'catalogue.inFolder': 'in {folder}',
  'catalogue.status.running': 'Läuft',
  'catalogue.status.suspended': 'Angehalten',
  'catalogue.keys':
    'Pfeiltasten bewegen · Eingabe startet · F Favorit · Rücktaste eine Ebene höher · / sucht · Esc zurück',

  'kind.desktop': 'Desktop',
  'kind.application': 'Anwendung',
  'kind.published': 'Veröffentlichte Anwendungen',
  'kind.shadow': 'Desktop-Freigabe',
  'kind.rdp': 'Windows (RDP)',
  'kind.xdmcp': 'XDMCP',
  'kind.kdrive': 'Desktop (KDrive)',

  'launch.heading': '{name} wird gestartet',
  'launch.state.asking-broker': 'Broker wird gefragt',
  'launch.state.starting-client': 'X2Go-Client wird gestartet',
  'launch.state.running': 'Läuft',
  'launch.state.ended': 'Beendet',
  'launch.state.failed': 'Fehlgeschlagen',
  'launch.running.note':
    'Die Sitzung läuft in einem eigenen Fenster. Diese Liste erscheint wieder, wenn sie endet.',
  'launch.ended': '{name} wurde beendet.',
  'launch.backToList': 'Zurück zu den Sitzungen',
  'launch.choose.heading': 'Für {name} gibt es bereits Sitzungen',
  'launch.choose.sub': 'Setzen Sie eine fort oder starten Sie eine neue.',
  'launch.choose.resume': 'Fortsetzen',
  'launch.choose.terminate': 'Sitzung beenden',
  'launch.choose.new': 'Neue Sitzung starten',
  'launch.choose.session': '{host}, gestartet {created}',
  'launch.session.R': 'Läuft',
  'launch.session.S': 'Angehalten',
  'launch.notice.broker-password-again':
    'Der Broker möchte Ihr Broker-Passwort für den Server weiterverwenden, aber der X2Go-Client kann ein Passwort nur über seine Kommandozeile bekommen, die andere lesen könnten: Er fragt Sie deshalb erneut nach dem Passwort.',
  'launch.terminated': 'Die Sitzung wurde beendet.',

  'prompt.hostKey.heading': 'Unbekannter Serverschlüssel',
  'prompt.hostKey.changed.heading': 'WARNUNG: Der Serverschlüssel hat sich GEÄNDERT',
  'prompt.hostKey.text':
    'Der Server {host}:{port} weist sich mit diesem {type}-Schlüssel aus. Prüfen Sie den Fingerabdruck mit Ihrer Administration, bevor Sie fortfahren.',
  'prompt.hostKey.changed.text':
    'Der Server {host}:{port} zeigt einen anderen Schlüssel als bisher. Möglicherweise wird die Verbindung abgefangen. Fahren Sie nur fort, wenn Ihre Administration den neuen Schlüssel bestätigt.',
  'prompt.hostKey.fingerprint': 'Fingerabdruck',
  'prompt.hostKey.acceptOnce': 'Einmal verbinden',
  'prompt.hostKey.acceptRemember': 'Vertrauen und merken',
  'prompt.hostKey.reject': 'Nicht verbinden',
  'prompt.kbd.heading': 'Der Server braucht weitere Angaben',
  'prompt.kbd.submit': 'Weiter',
  'prompt.passphrase.heading': 'Passphrase des Schlüssels',
  'prompt.passphrase.text': 'Geben Sie die Passphrase für {file} ein.',
  'prompt.passphrase.label': 'Passphrase',
  'prompt.local.heading': 'Diese Sitzung möchte Ihren Computer nutzen',
  'prompt.local.text':
    '{profile} (von {broker}) möchte: {list}. Der Broker kann das nicht für Sie entscheiden.',
  'prompt.local.folders':
    'Ihre Ordner {items} (über die Dateifreigabe von X2Go erreicht der Server mehr Ihrer Dateien als diese)',
  'prompt.local.printing':
    'Drucken auf Ihren Druckern (über die Dateifreigabe von X2Go, mit der der Server Ihre Dateien erreicht)',
  'prompt.local.mimebox':
    'Dateien vom Server, gespeichert wo Sie wählen (über die Dateifreigabe von X2Go, mit der der Server Ihre Dateien erreicht)',
  'prompt.local.agent': 'Ihren SSH-Agenten (seine Schlüssel vom Server aus nutzbar)',
  'prompt.local.sshproxy': 'eine Verbindung über {items}',
  'prompt.local.kerberos': 'Ihr Kerberos-Ticket',
  'prompt.local.once': 'Einmal erlauben',
  'prompt.local.always': 'Immer für diesen Broker',
  'prompt.local.deny': 'Nicht erlauben',

  'error.heading.usage': 'Bitte Einstellungen prüfen',
  'error.heading.auth': 'Anmeldung fehlgeschlagen',
  'error.heading.cookie-rejected': 'Ihre Anmeldung ist abgelaufen',
  'error.heading.unreachable': 'Der Broker ist nicht erreichbar',
  'error.heading.timeout': 'Der Broker hat nicht rechtzeitig geantwortet',
  'error.heading.tls': 'Dem Zertifikat des Brokers wird nicht vertraut',
  'error.heading.host-key': 'Der Serverschlüssel konnte nicht geprüft werden',
  'error.heading.protocol': 'Der Broker hat eine unverständliche Antwort geschickt',
  'error.heading.broker': 'Der Broker hat einen Fehler gemeldet',
  'error.heading.no-server': 'Für diese Sitzung ist kein Server verfügbar',
  'error.heading.client': 'Der X2Go-Client konnte nicht gestartet werden',
  'error.heading.cancelled': 'Abgebrochen',
  'error.heading.internal': 'Im Launcher ist etwas schiefgegangen',
  'error.next.usage': 'Korrigieren Sie den Wert und versuchen Sie es erneut.',
  'error.next.auth':
    'Prüfen Sie Benutzername und Passwort (Feststelltaste?) und versuchen Sie es erneut.',
  'error.next.cookie-rejected':
    'Melden Sie sich erneut an. Passiert das öfter, fordern Sie eine neue Cookie-Datei an.',
  'error.next.unreachable':
    'Prüfen Sie Ihre Netzwerkverbindung und die Broker-Adresse. Stimmen beide, ist der Broker vielleicht ausgefallen: Versuchen Sie es gleich noch einmal.',
  'error.next.timeout':
    'Der Broker ist vielleicht ausgelastet oder Ihr Netzwerk langsam. Versuchen Sie es gleich noch einmal.',
  'error.next.tls':
    'Fahren Sie nicht fort, wenn Sie das nicht erwartet haben. Geben Sie die Details unten an Ihre Administration: Der Broker braucht vielleicht ein Zertifikat einer vertrauenswürdigen Stelle, oder Ihrem Rechner fehlt das CA-Zertifikat der Firma.',
  'error.next.host-key': 'Fragen Sie Ihre Administration nach dem Fingerabdruck des Servers.',
  'error.next.protocol':
    'Die Adresse zeigt vielleicht nicht auf einen X2Go-Broker. Prüfen Sie sie oder melden Sie die Details Ihrer Administration.',
  'error.next.broker':
    'Versuchen Sie es später erneut. Bleibt der Fehler, geben Sie die Details an Ihre Administration.',
  'error.next.no-server':
    'Alle Server dieser Sitzung sind vielleicht belegt oder ausgefallen. Versuchen Sie es später oder wählen Sie eine andere Sitzung.',
  'error.next.client': 'Installieren Sie einen X2Go-Client und versuchen Sie es erneut:',
  'error.next.cancelled': 'Es wurde nichts geändert.',
  'error.next.internal':
    'Das ist ein Fehler im Launcher, nicht in Ihrer Eingabe. Versuchen Sie es erneut; wenn es wieder passiert, starten Sie den Launcher neu und melden Sie die Details unten.',
  'error.client.debian': 'Debian / Ubuntu: sudo apt install x2goclient',
  'error.client.fedora': 'Fedora: sudo dnf install x2goclient',
  'error.client.other': 'Windows und macOS: Laden Sie ihn von der X2Go-Website herunter.',
  'error.client.website': 'x2go.org öffnen',
  'error.cert.subject': 'Ausgestellt für',
  'error.cert.issuer': 'Ausgestellt von',
  'error.cert.valid': 'Gültig',
  'error.cert.validRange': '{from} bis {to}',
  'error.cert.fingerprint': 'SHA-256-Fingerabdruck',
  'error.code': 'Fehlercode',
  'error.httpStatus': 'HTTP-Status',
  'error.brokerMessage': 'Meldung des Brokers',
  'error.hint': 'Technischer Hinweis',
  'error.hostKeyFingerprint': 'Fingerabdruck des Serverschlüssels',

  // Verbindungsprüfung und Diagnose (docs/health-check.md, docs/diagnostics.md)
  'catalogue.check': 'Verbindung prüfen (C)',
  'health.heading': 'Verbindungsprüfung: {name}',
  'health.checking': 'Broker, Server und dieser Computer werden geprüft…',
  'health.ok': 'Alles, was ein Start braucht, ist in Ordnung.',
  'health.failed': 'Fehlgeschlagene Prüfungen: {count}. Was zu tun ist, steht unten.',
  'health.check.broker': 'Broker erreichbar',
  'health.check.tls': 'Zertifikat des Brokers',
  'health.check.profile': 'Sitzung angeboten',
  'health.check.selectsession': 'Vom Broker gewählter Server',
  'health.check.dns': 'Servername',
  'health.check.ssh-port': 'SSH-Port des Servers',
  'health.check.host-key': 'Schlüssel des Servers',
  'health.check.client': 'X2Go-Client auf diesem Computer',
  'health.check.sessions': 'Ihre bestehenden Sitzungen',
  'health.status.pass': 'OK',
  'health.status.fail': 'Fehler',
  'health.status.skip': 'Übersprungen',
  'health.next': 'Was zu tun ist: {text}',
  'health.sessions': 'Fortsetzen, beenden oder eine neue Sitzung starten',
  'health.recheck': 'Erneut prüfen',
  'health.copyDiagnostics': 'Diagnose kopieren',
  'health.close': 'Schließen',
  'diagnostics.copied':
    'Diagnose in die Zwischenablage kopiert ({bytes} Bytes, Geheimnisse maskiert).',
  // Fehlergründe (issue 13 §8; ./reasons.ts)
  ...reasonsDe,
  // Sätze der Verbindungsprüfung (issue 13 §8; ./health-texts.ts)
  ...healthTextsDe,
  'age.unknown': 'zu unbekannter Zeit',

  // fleet-config (issue 11): "Über diese Konfiguration", Brokername
  'app.titleWithBroker': '{broker} – X2Go Launcher',
  'about.open': 'Über diese Konfiguration',
  'about.heading': 'Über diese Konfiguration',
  'about.intro':
    'Alle wirksamen Einstellungen, ihre Herkunft und ob Ihre Administration sie gesperrt hat. Nur zum Lesen.',
  'about.policy': 'Richtlinie: {location}',
  'about.policy.absent':
    'Keine Richtlinie unter {location}: es gelten die eingebauten Standardwerte.',
  'about.warnings': 'Warnungen zur Richtlinie (jeweils ignoriert)',
  'about.col.setting': 'Einstellung',
  'about.col.value': 'Wert',
  'about.col.source': 'Herkunft',
  'about.col.locked': 'Gesperrt',
  'about.source.default': 'Standard',
  'about.source.policy': 'Richtlinie',
  'about.source.user': 'Benutzer',
  'about.source.commandLine': 'Befehlszeile',
  'about.locked': 'gesperrt',
  'about.origin': 'aus {origin}',
  'about.unset': '(nicht gesetzt)',
  'about.failed': 'Die Konfiguration konnte nicht gelesen werden.',
  // kiosk (issue 12)
  'kiosk.network.title': 'Warten auf das Netzwerk …',
  'kiosk.network.retrying': 'Neuer Versuch in {seconds} s',
  'kiosk.network.checking': 'Wird geprüft …',
  'kiosk.network.detail': 'Letzte Antwort: {reason}',
  'kiosk.ended.title': 'Die Sitzung konnte nicht weiterlaufen',
  'kiosk.ended.back': 'Zurück zur Anmeldung in {seconds} s',
  'kiosk.ended.ok': 'OK',
  'kiosk.idle.title': 'Sind Sie noch da?',
  'kiosk.idle.countdown': 'Abmeldung in {seconds} s',
  'kiosk.idle.stay': 'Ich bin noch da',
  'kiosk.admin': 'Administration',
  'kiosk.pin.title': 'Administrator-PIN',
  'kiosk.pin.label': 'PIN',
  'kiosk.pin.unlock': 'Entsperren',
  'kiosk.pin.cancel': 'Abbrechen',
  'kiosk.pin.wrong': 'Falsche PIN. Versuche bis zu einer Pause: {attempts}.',
  'kiosk.pin.locked': 'Zu viele falsche PINs. Neuer Versuch in {seconds} s.',
  'kiosk.power.poweroff': 'Herunterfahren',
  'kiosk.power.reboot': 'Neu starten',
  'kiosk.power.confirm.poweroff': 'Diesen Computer herunterfahren?',
  'kiosk.power.confirm.reboot': 'Diesen Computer neu starten?',
  'kiosk.power.confirm.cancel': 'Abbrechen',
  'kiosk.power.going.poweroff': 'Wird heruntergefahren …',
  'kiosk.power.going.reboot': 'Wird neu gestartet …',
  'kiosk.power.failed': 'Das hat nicht geklappt: {reason}',
  'kiosk.unlocked': 'Kiosk-Modus für die Wartung beendet.',
  // Konto-Aktionen und Sprachwahl (views/account.ts)
  'account.changePassword': 'Passwort ändern',
  'account.testConnection': 'Verbindung testen',
  'setpass.heading': 'Broker-Passwort ändern',
  'setpass.sub': 'Für {user} bei {broker}.',
  'setpass.current': 'Aktuelles Passwort',
  'setpass.new': 'Neues Passwort',
  'setpass.repeat': 'Neues Passwort wiederholen',
  'setpass.submit': 'Passwort ändern',
  'setpass.working': 'Passwort wird geändert…',
  'setpass.done':
    'Ihr Broker-Passwort wurde geändert: Der Broker nimmt jetzt das neue an und lehnt das alte ab.',
  'testcon.heading': 'Verbindungstest',
  'testcon.working': 'Verbindung zu {broker} wird getestet…',
  'testcon.ok': 'Der Broker {broker} hat den Verbindungstest in {ms} ms beantwortet.',
  'testcon.again': 'Erneut testen',
  'language.label': 'Sprache',
  'language.system': 'Systemsprache ({language})',
  'language.locked': 'Von Ihrer Administration festgelegt',
  'language.en': 'English',
  'language.de': 'Deutsch',
  'language.fr': 'Français',

  'err.internal.unexpected': 'Im Launcher ist ein interner Fehler aufgetreten.',
  'err.internal.ipc': 'Interner Fehler in {method}: {reason}',
  'err.internal.transport-scheme': 'Dieser Transport kann keine {scheme}://-Adressen verarbeiten.',
  'err.internal.auth-id-malformed':
    'Ein Auth-ID-Cookie, das nicht aus einem Wort druckbarer Zeichen besteht, wird nicht gespeichert.',
  'err.internal.ssh-no-profile-id': 'selectsession braucht eine Profil-ID.',
  'err.internal.ssh-no-command': 'Kein entfernter Befehl angegeben.',
  'err.ipc.unknown-sender': 'Anfrage abgelehnt: unbekannter Absender.',
  'err.ipc.invalid-arguments': 'Die Anfrage wurde abgelehnt: {reason}',
  'err.broker.timeout.request':
    'Der Broker unter {where} hat nicht innerhalb von {seconds} s geantwortet.',
  'err.broker.timeout.connect':
    'Keine Verbindung zum Broker unter {where} innerhalb von {seconds} s.',
  'err.broker.http.redirect':
    'Der Broker unter {where} hat auf {location} umgeleitet (HTTP {status}); Umleitungen werden nicht verfolgt.',
  'err.broker.http.unauthorized': 'Der Broker hat die Anmeldedaten abgelehnt (HTTP 401).',
  'err.broker.http.not-found': 'Diesen Endpunkt gibt es beim Broker nicht: {where} (HTTP 404).',
  'err.broker.http.method-not-allowed':
    'Der Server nimmt unter {where} keine POST-Anfragen an (HTTP 405).',
  'err.broker.http.bad-request': 'Der Broker hat die Anfrage als fehlerhaft abgelehnt (HTTP 400).',
  'err.broker.http.server-error':
    'Beim Broker unter {where} ist ein Fehler aufgetreten (HTTP {status}).',
  'err.broker.http.status': 'Der Broker unter {where} antwortete mit HTTP {status}.',
  'err.broker.http.reply-too-large':
    'Die Antwort des Brokers ist größer als die Grenze von {limit} Bytes.',
  'err.broker.tls': 'Das TLS-Zertifikat des Brokers wurde nicht akzeptiert ({error}).',
  'err.broker.unreachable': 'Der Broker unter {where} ist nicht erreichbar ({error}).',
  'err.broker.request-failed':
    'Die Anfrage an den Broker unter {where} ist fehlgeschlagen: {reason}',
  'err.broker.cancelled': 'Die Anfrage an den Broker wurde abgebrochen.',
  'err.config.ca-file.unreadable':
    'Die CA-Zertifikatsdatei {file} kann nicht gelesen werden ({error}).',
  'err.config.ca-file.no-certificate':
    'Die CA-Zertifikatsdatei {file} enthält kein PEM-Zertifikat.',
  'err.broker.no-profile-id': 'Keine Profil-ID angegeben.',
  'err.broker.no-server':
    'Der Broker hat für das Profil „{profile}“ keinen X2Go-Server frei ({server}).',
  'err.broker.signed-out': 'Vom Broker abgemeldet: bitte erneut anmelden.',
  'err.broker.not-signed-in': 'Sie sind bei keinem Broker angemeldet.',
  'err.broker.cookie.expired': 'Der Broker nimmt das Auth-ID-Cookie nicht mehr an.',
  'err.broker.cookie.refused': 'Der Broker hat das Auth-ID-Cookie abgelehnt.',
  'err.broker.cookie.malformed':
    'Der Broker hat ein Auth-ID-Cookie ausgegeben, das nicht aus einem Wort druckbarer Zeichen besteht; es wurde abgelehnt.',
  'err.broker.auth.required':
    'Der Broker verlangt eine Anmeldung, aber weder Passwort noch Auth-ID wurde angegeben.',
  'err.broker.access-denied': 'Der Broker hat den Zugang verweigert.',
  'err.broker.reply.too-large':
    'Die Antwort des Brokers ist zu groß ({size} Zeichen, Grenze {limit}).',
  'err.broker.reply.no-server': 'Der Broker hat für dieses Profil keinen Server genannt.',
  'err.broker.reply.not-json': 'Der Broker antwortete mit {contentType} statt mit JSON.',
  'err.broker.plain.testcon-not-ok': 'Der Broker hat den Verbindungstest nicht mit OK beantwortet.',
  'err.broker.plain.no-access-line':
    'Die Antwort des Brokers enthält keine Zeile „Access granted“.',
  'err.broker.json.not-object': 'Die JSON-Antwort des Brokers ist kein JSON-Objekt.',
  'err.broker.json.too-complex':
    'Die JSON-Antwort des Brokers überschreitet die Grenzen ({reason}).',
  'err.broker.json.invalid': 'Die JSON-Antwort des Brokers ist kein gültiges JSON ({reason}).',
  'err.broker.json.profiles-not-object':
    'In der JSON-Antwort des Brokers ist „profiles“ kein Objekt.',
  'err.broker.json.server-not-string':
    'Die JSON-Antwort des Brokers nennt einen Server, der keine Zeichenkette ist.',
  'err.broker.server.empty': 'Der Broker hat einen leeren Servernamen genannt.',
  'err.broker.server.invalid': 'Der Broker hat einen ungültigen Server „{server}“ genannt.',
  'err.broker.server.bad-port': 'Der Broker hat einen ungültigen Port „{port}“ genannt.',
  'err.broker.server.port-range': 'Der Broker hat den Port {port} genannt, außerhalb von 1–65535.',
  'err.broker.server.ipv6-unterminated':
    'Der Broker hat eine [IPv6]-Adresse ohne schließende Klammer genannt.',
  'err.broker.key.not-one-block':
    'Der Broker hat einen privaten Schlüssel gesendet, der kein einzelner BEGIN-…-END-Block ist.',
  'err.broker.key.label-mismatch':
    'Der Broker hat einen privaten Schlüssel gesendet, der mit einer anderen Bezeichnung endet, als er beginnt.',
  'err.broker.key.too-many-lines':
    'Der Broker hat einen privaten Schlüssel mit mehr als {limit} Zeilen gesendet.',
  'err.broker.key.no-blank-line':
    'Der Broker hat einen privaten Schlüssel ohne Leerzeile nach den Kopfzeilen gesendet (Zeile {line}).',
  'err.broker.key.bad-line':
    'Der Broker hat einen privaten Schlüssel mit einer Zeile gesendet, die keine Base64-Schlüsseldaten enthält (Zeile {line} des Schlüssels).',
  'err.broker.key.no-data': 'Der Broker hat einen privaten Schlüssel ohne Schlüsseldaten gesendet.',
  'err.broker.key.no-end': 'Der Broker hat einen privaten Schlüssel ohne END-Zeile gesendet.',
  'err.broker.key.several': 'Der Broker hat mehr als einen privaten Schlüssel gesendet.',
  'err.broker.argument-nul': 'Ein Argument für den Broker enthält ein NUL-Zeichen.',
  'err.broker-url.empty': 'Geben Sie die Adresse des Brokers ein.',
  'err.broker-url.unparsable': '„{url}“ ist keine Broker-Adresse.',
  'err.broker-url.password':
    'Die Broker-Adresse enthält ein Passwort. Entfernen Sie es aus der Adresse und geben Sie es im Passwortfeld ein.',
  'err.broker-url.no-host': 'Die Broker-Adresse enthält keinen Hostnamen.',
  'err.broker-url.port':
    'Die Broker-Adresse nennt Port {port}; verwenden Sie einen Port von 1 bis 65535.',
  'err.broker-url.trailing-slash':
    'Der Pfad „{path}“ muss mit einem Schrägstrich enden: {suggestion}',
  'err.broker-url.escape':
    'Die Broker-Adresse enthält eine fehlerhafte %-Kodierung. Schreiben Sie andere Zeichen direkt oder als UTF-8-Kodierung (é = %C3%A9).',
  'err.broker-url.ssh-query':
    'Eine ssh://-Broker-Adresse darf keine Abfrage (?…) und kein Fragment (#…) enthalten.',
  'err.broker-url.ssh-json': 'SSH-Broker sprechen nur den Plain-Dialekt.',
  'err.broker-url.scheme':
    'Geben Sie eine Adresse ein, die mit http://, https:// oder ssh:// beginnt',
  'err.auth-id.unreadable': 'Die Auth-ID-Datei {path} kann nicht gelesen werden ({error}).',
  'err.auth-id.too-large': 'Die Auth-ID-Datei {path} ist zu groß für eine Cookie-Datei.',
  'err.auth-id.empty': 'Die Auth-ID-Datei {path} ist leer (die erste Zeile ist leer).',
  'err.auth-id.malformed': 'Die erste Zeile von {path} sieht nicht wie ein Auth-ID-Cookie aus.',
  'err.auth-id.write-failed':
    'Das erneuerte Cookie kann nicht nach {path} geschrieben werden ({error}).',
  'err.ssh-broker.refused':
    'Der SSH-Broker unter {where} hat Cookie oder Anmeldedaten abgelehnt (leere Antwort).',
  'err.ssh-broker.no-exit-status': 'Der SSH-Broker-Befehl unter {where} endete ohne Exit-Status.',
  'err.ssh-broker.crashed': 'Der SSH-Broker unter {where} ist abgestürzt (Python-Ausnahme).',
  'err.ssh-broker.command-line-rejected':
    'Der SSH-Broker unter {where} hat die Befehlszeile abgelehnt.',
  'err.ssh-broker.no-task': 'Der SSH-Broker unter {where} hat keinen Auftrag erhalten.',
  'err.ssh-broker.command-not-found': 'Der Broker-Befehl unter {where} wurde nicht gefunden.',
  'err.ssh-broker.command-not-permitted':
    'Der Broker-Befehl unter {where} darf von diesem Benutzer nicht ausgeführt werden.',
  'err.ssh-broker.failed':
    'Der SSH-Broker-Befehl unter {where} ist mit Exit-Status {status} fehlgeschlagen.',
  'err.ssh-broker.timeout':
    'Der SSH-Broker-Befehl unter {where} war nicht innerhalb von {ms} ms fertig.',
  'err.ssh-broker.exec-refused':
    'Der SSH-Server unter {where} hat den Broker-Befehl nicht ausgeführt: {reason}',
  'err.ssh-broker.reply-too-large':
    'Die Antwort des SSH-Brokers ist größer als {limit} Bytes: abgelehnt.',
  'err.ssh.timeout.handshake': 'Kein SSH-Verbindungsaufbau mit {where} innerhalb von {ms} ms.',
  'err.ssh.timeout.login': 'Die SSH-Anmeldung bei {where} dauerte länger als {ms} ms.',
  'err.ssh.timeout.connect': 'Zeitüberschreitung beim Verbinden mit {where}.',
  'err.ssh.login-abandoned': 'SSH-Anmeldung bei {where} abgebrochen (Verbindung geschlossen).',
  'err.ssh.host-key-check-failed': 'Prüfung des Host-Schlüssels fehlgeschlagen: {reason}',
  'err.ssh.closed.handshake':
    'Die SSH-Verbindung zu {where} wurde beim Verbindungsaufbau geschlossen.',
  'err.ssh.closed.login': 'Die SSH-Verbindung zu {where} wurde während der Anmeldung geschlossen.',
  'err.ssh.closed.request':
    'Die SSH-Verbindung zu {where} wurde während einer Anfrage geschlossen.',
  'err.ssh.start-failed': 'SSH kann nicht gestartet werden: {reason}',
  'err.ssh.unreachable': 'Keine Verbindung zum SSH-Broker unter {where} ({error}).',
  'err.ssh.unresolved':
    'Der Name des SSH-Broker-Rechners {host} kann nicht aufgelöst werden ({error}).',
  'err.ssh.handshake-failed': 'SSH-Verbindung zu {where} fehlgeschlagen: {reason}',
  'err.ssh.connect-failed': 'SSH-Verbindung zu {where} fehlgeschlagen: {reason}',
  'err.ssh.login-ended':
    'Der SSH-Server unter {where} hat die Anmeldung von {user} beendet: {reason}.',
  'err.ssh.login-cancelled': 'Die SSH-Anmeldung bei {where} wurde abgebrochen.',
  'err.ssh.password-refused': 'SSH-Anmeldung abgelehnt: falsches Passwort für {where}.',
  'err.ssh.keys-refused':
    'SSH-Anmeldung abgelehnt: der Server unter {where} hat {keys} für den Benutzer {user} nicht angenommen.',
  'err.ssh.key-encrypted':
    'Der SSH-Schlüssel {file} ist verschlüsselt, und es wurde keine Passphrase angegeben.',
  'err.ssh.key-bad-passphrase': 'Falsche Passphrase für den SSH-Schlüssel {file}.',
  'err.ssh.key-unreadable': 'Der SSH-Schlüssel {file} kann nicht verwendet werden: {reason}.',
  'err.ssh.no-method-left': 'SSH-Anmeldung bei {where} unmöglich: keine Anmeldemethode mehr übrig.',
  'err.ssh-key.unusable': 'Der SSH-Schlüssel {path} kann nicht verwendet werden: {reason}',
  'err.host-key.revoked':
    'Der {keyType}-Host-Schlüssel von {host} (Fingerabdruck {fingerprint}) ist WIDERRUFEN. Verbindung abgelehnt.',
  'err.host-key.changed':
    'WARNUNG: der SSH-Host-Schlüssel von {host} HAT SICH GEÄNDERT! Jemand könnte Sie gerade abhören (Man-in-the-Middle-Angriff). Der {keyType}-Schlüssel des Servers hat den Fingerabdruck {fingerprint}; der bekannte Schlüssel steht in {known}. Verbindung abgelehnt.',
  'err.host-key.unknown':
    'Die Echtheit von {host} kann nicht festgestellt werden: der Rechner steht nicht in known_hosts. Fingerabdruck des {keyType}-Schlüssels: {fingerprint}.',
  'err.host-key.save-failed':
    'Der Host-Schlüssel von {host} kann nicht zu {file} hinzugefügt werden: {reason}',
  'err.host-key.add-not-allowed':
    'Der {keyType}-Host-Schlüssel von {host} (Fingerabdruck {fingerprint}) steht nicht in {files}, und Ihre Administration erlaubt kein Hinzufügen von Host-Schlüsseln. Verbindung abgelehnt.',
  'err.server-key.cancelled': 'Die Prüfung des Host-Schlüssels von {where} wurde abgebrochen.',
  'err.server-key.timeout': 'Kein SSH-Verbindungsaufbau mit {where} innerhalb von {ms} ms.',
  'err.server-key.no-exchange': '{where} hat keinen Austausch der Host-Schlüssel abgeschlossen.',
  'err.server-key.closed': '{where} hat die Verbindung beim Verbindungsaufbau geschlossen.',
  'err.server-key.start-failed': '{where} kann nicht geprüft werden: {reason}',
  'err.server-key.handshake-failed':
    'Der SSH-Verbindungsaufbau mit {where} ist fehlgeschlagen: {reason}',
  'err.server.timeout.connect': 'Zeitüberschreitung beim Verbinden mit {where}.',
  'err.server.unreachable': 'Keine Verbindung zu {where} ({error}).',
  'err.session-name.invalid': '„{name}“ ist kein X2Go-Sitzungsname: abgelehnt.',
  'err.terminate.no-server': 'Der Broker hat für diese Sitzung keinen X2Go-Server genannt.',
  'err.terminate.no-such-session':
    '{where} hat keine laufende oder angehaltene X2Go-Sitzung {name} (schon beendet?).',
  'err.terminate.failed':
    'x2goterminate-session {name} ist auf {where} fehlgeschlagen (Exit {exit}).',
  'err.terminate.still-listed':
    'Die Sitzung {name} ist nach x2goterminate-session auf {where} noch vorhanden.',
  'err.terminate.no-listsessions': '{where} hat kein x2golistsessions: ist x2goserver installiert?',
  'err.terminate.listsessions-failed':
    'x2golistsessions ist auf {where} fehlgeschlagen (Exit {exit}).',
  'err.terminate.unexpected': 'Das Beenden der Sitzung ist fehlgeschlagen: {reason}',
  'err.terminate.cancelled': 'Das Beenden der Sitzung wurde abgebrochen.',
  'err.terminate.unavailable': 'Sitzungen können hier nicht beendet werden.',
  'err.client.none': 'Es ist kein X2Go-Client installiert.',
  'err.client.cannot-start-profile':
    'Der installierte X2Go-Client kann dieses Profil nicht starten ({reasons}).',
  'err.client.direct-unset':
    'Dieses Profil startet direkt einen lokalen {client}-Client, aber der Administrator hat keinen lokalen {client}-Client festgelegt; es kann daher nicht starten.',
  'err.client.not-executable': 'Der X2Go-Client {file} existiert nicht oder ist nicht ausführbar.',
  'err.client.not-installed': 'Der X2Go-Client „{client}“ ist nicht installiert.',
  'err.client.key-expired':
    'Der temporäre Schlüssel vom Broker ist {age} s alt: der Server nimmt ihn nur etwa {budget} s nach der Sitzungsauswahl an.',
  'err.client.start-failed': '{client} kann nicht gestartet werden: {reason}',
  'err.client.pyhoca-limit': 'pyhoca-cli kann dieses Profil nicht starten: {reason}.',
  'err.client.pyhoca-value':
    'Der Wert {key} dieser Sitzung kann nicht an pyhoca-cli übergeben werden ({reason}).',
  'err.client.host-key-refused':
    'pyhoca-cli hat den Host-Schlüssel des X2Go-Servers {server} abgelehnt: {reason}',
  'err.policy.one-broker': 'Dieser Launcher ist nur für einen Broker eingerichtet: {broker}.',
  'err.password.not-saved': 'Für diesen Broker und Benutzer ist kein Passwort gespeichert.',
  'err.profile.gone': 'Der Broker bietet dieses Profil nicht mehr an.',
  'err.launch.cancelled': 'Abgebrochen: die Sitzung wurde nicht gestartet.',
  'err.operation.cancelled': 'Abgebrochen.',
  'err.prompt.expired': 'Diese Frage wurde schon beantwortet oder ist abgelaufen.',
  'err.cli.unknown-command': 'Unbekannter Befehl „{command}“.',
  'err.cli.usage': 'Aufruf: x2go-launcher {synopsis} [Optionen]',
  // Diagnosepaket (docs/diagnostics.md)
  'err.diagnostics.output-missing':
    'Geben Sie an, wohin die Diagnose geschrieben wird (--output DATEI).',
  'err.diagnostics.output-exists': '{file} existiert bereits; sie wird nur mit --force ersetzt.',
  'err.diagnostics.output-failed':
    'Die Diagnose kann nicht nach {file} geschrieben werden: {reason}',
  'err.cli.bad-arguments': 'Ungültige Befehlszeile: {issue}',
  'err.cli.option-of-other-command':
    '--{option} ist eine Option von „{other}“, nicht von „{command}“.',
  'err.cli.password-on-command-line': 'Ein Passwort wird nie auf der Befehlszeile angenommen.',
  'err.cli.no-such-profile': 'Der Broker bietet kein Profil „{profile}“ an.',
  'err.broker.http.reply-encoding': 'Die Antwort des Brokers ist nicht lesbar ({reason}).',
  'err.kiosk.pin-mismatch': 'Die beiden PINs stimmen nicht überein.',
  'err.kiosk.pin-too-short': 'Eine Admin-PIN braucht mindestens {min} Zeichen.',
  'err.kiosk.no-browser': 'Ein Kiosk öffnet keine Webseiten.',
  'err.kiosk.off': 'Dieser Launcher läuft nicht als Kiosk.',
  'err.kiosk.client-signal': 'Der X2Go-Client wurde durch ein Signal beendet.',
  'err.kiosk.client-status': 'Der X2Go-Client endete mit Status {status}.',
  'err.kiosk.start-failed': 'Die Sitzung konnte nicht gestartet werden.',
  'err.kiosk.power-still-running': '{action}: Das System läuft noch.',
  'err.config.locked': '{switches}: von der Richtlinie des Administrators gesperrt ({origin}).',
  'err.deep-link.refused': 'Dieser x2go-launcher://-Link wurde abgelehnt: {reason}.',
  'err.shortcut.unavailable': 'Desktop-Verknüpfungen können hier nicht angelegt werden.',
  'err.shortcut.no-desktop': 'Es gibt keinen Desktop-Ordner für die Verknüpfung ({dir}).',
  'err.shortcut.exists':
    'Eine andere Datei heißt bereits {file}. Sie bleibt unverändert; benennen Sie sie um oder entfernen Sie sie, um die Verknüpfung anzulegen.',
  'err.shortcut.write-failed': 'Die Verknüpfung {file} konnte nicht geschrieben werden ({reason}).',
  'err.options.ssh-only':
    '--broker-ssh-key und --broker-autologin gelten nur für ssh://-Broker-Adressen.',
  'err.options.missing-broker-url': '--broker-url URL fehlt.',
  'err.options.dialect': '--dialect muss plain oder json sein, nicht „{value}“.',
  'err.options.auth-id-persist': '--auth-id-persist braucht --auth-id DATEI.',
  'err.options.password-sources': 'Geben Sie nur eine Passwortquelle an ({sources}).',
  'err.options.noauth-password': '--broker-noauth nimmt kein Passwort.',
  'err.options.timeout':
    '--timeout muss eine Zahl von Sekunden sein (0 < s ≤ 3600), nicht „{value}“.',
  'err.options.empty-file': '--{option} wurde ein leerer Dateiname gegeben.',
  'err.options.empty-value': '--{option} wurde ein leerer Wert gegeben.',
  'err.options.client': 'Der X2Go-Client muss x2goclient oder pyhoca-cli sein, nicht „{value}“.',
  'err.options.allow-local': '--allow-local nimmt {allowed}, nicht „{value}“.',
  'err.password-file.unreadable': 'Die Passwortdatei {path} kann nicht gelesen werden ({error}).',
  'err.password-file.too-large': 'Die Passwortdatei {path} ist zu groß.',
  'err.password-stdin.too-large': 'Das Passwort auf der Standardeingabe ist zu groß.',
  'err.password-env.unset': 'Die Umgebungsvariable {name} ist nicht gesetzt.',
  'err.password.no-terminal': 'Kein Passwort angegeben und kein Terminal, um danach zu fragen.',
  'err.password.cancelled': 'Passworteingabe abgebrochen.',
  'err.password.none': 'Kein Passwort eingegeben.',

  // deep links and shortcuts (docs/deep-links.md)
  'deepLink.notOffered':
    'Der Link verlangt die Sitzung „{profile}“, aber {broker} bietet sie Ihnen nicht an.',
  'deepLink.signIn': 'Melden Sie sich bei {broker} an, um die verlinkte Sitzung zu öffnen.',
  'shortcut.create': 'Desktop-Verknüpfung anlegen',
  'shortcut.created': 'Verknüpfung angelegt: {file}',
  'catalogue.actions': 'Aktionen für {name}',
  // Broker-Passwort ändern (src/core/broker/setpass.ts)
  'err.internal.ssh-no-newpass':
    'Ein neues Broker-Passwort wird nie in eine SSH-Befehlszeile geschrieben.',
  'err.broker.setpass.wrong-password':
    'Der Broker hat Ihr aktuelles Passwort abgelehnt. Es wurde nichts geändert.',
  'err.broker.setpass.ignored':
    'Der Broker hat die Anfrage angenommen, aber das neue Passwort funktioniert nicht: Dieser Broker ändert keine Passwörter (x2gobroker 0.0.4.3 ignoriert die Anfrage). Ihr Passwort ist unverändert; wenden Sie sich an Ihre Administration.',
  'err.broker.setpass.ssh-unsupported':
    'Ein SSH-Broker meldet Sie mit Ihrem Konto auf dem Broker-Rechner an: Ändern Sie das Passwort dort (zum Beispiel mit passwd), nicht über den Broker.',
  'err.broker.setpass.no-password':
    'Dieser Broker meldet Sie ohne Passwort an; es gibt kein Broker-Passwort zu ändern.',
  'err.broker.setpass.same': 'Das neue Passwort ist dasselbe wie das aktuelle.',
  'err.broker.setpass.empty': 'Das neue Passwort ist leer.',
  'err.broker.setpass.mismatch': 'Die beiden neuen Passwörter stimmen nicht überein.',
  // Fail-over und Proxys (Issue 13)
  'err.broker.failover.exhausted':
    'Keine Adresse des Brokers hat geantwortet ({count} versucht: {attempts}).',
  'err.options.failover-url': 'Die Ausweich-URL {url} ist nicht verwendbar: {reason}.',
  'err.proxy.invalid': 'Der Proxy „{value}“ ({source}) ist nicht verwendbar: {reason}.',
  'err.proxy.unsupported':
    'Der System-Proxy ({proxy}) ist kein HTTP-, HTTPS- oder SOCKS-Proxy; nur solche kann die App verwenden.',
  'err.proxy.resolve-failed':
    'Die Proxy-Einstellungen des Systems konnten nicht gelesen werden ({reason}).',
  'err.proxy.unreachable': 'Der Proxy {proxy} ist nicht erreichbar ({error}).',
  'err.proxy.auth-required': 'Der Proxy {proxy} verlangt Benutzername und Passwort.',
  'err.proxy.socks-refused':
    'Der SOCKS-Proxy {proxy} hat keine Verbindung zum Broker unter {where} geöffnet ({reply}).',
  'err.proxy.auth-unsupported':
    'Der Proxy {proxy} verlangt eine Anmeldung per {scheme}; die App kann nur Benutzername und Passwort.',
  'err.proxy.refused':
    'Der Proxy {proxy} hat die Verbindung zum Broker unter {where} abgelehnt (HTTP {status}).',
  // several brokers (docs/brokers.md)
  'err.broker.needs-password':
    'Geben Sie das Passwort für {broker} ein: Es ist keines gespeichert.',
  'err.broker.unknown-entry': 'Dieser Broker ist nicht mehr im Katalog.',
  'err.broker.entry-managed':
    'Ihr Administrator hat {broker} eingerichtet: Er kann nicht entfernt werden.',
  // several brokers in one catalogue (docs/brokers.md)
  'brokers.filter': 'Broker',
  'brokers.all': 'Alle Broker',
  'brokers.count': '{count} Broker',
  'brokers.add': 'Broker hinzufügen…',
  'brokers.add.heading': 'Einen Broker hinzufügen',
  'brokers.add.sub':
    'Seine Sitzungen kommen in Ihren Katalog; bei den anderen Brokern bleiben Sie angemeldet.',
  'brokers.signIn.heading': 'Bei {broker} anmelden',
  'brokers.state.live': 'Aktuell · aktualisiert {age}',
  'brokers.state.stale': 'Nicht aktualisiert · Liste abgerufen {age}',
  'brokers.state.none': 'Nicht angemeldet · noch keine Liste',
  'brokers.state.refreshing': 'Wird aktualisiert…',
  'brokers.state.failed': 'Fehlgeschlagen: {reason}',
  'brokers.state.needsPassword': 'Ihr Passwort wird benötigt',
  'brokers.signIn': 'Anmelden…',
  'brokers.signIn.label': 'Bei {broker} anmelden',
  'brokers.refresh.label': '{broker} aktualisieren',
  'brokers.remove': 'Entfernen',
  'brokers.remove.label': '{broker} aus dem Katalog entfernen',
  'brokers.removed': '{broker} wurde aus dem Katalog entfernt.',
  'signin.answeredAt': 'Zuletzt geantwortet hat {url}.',
};
