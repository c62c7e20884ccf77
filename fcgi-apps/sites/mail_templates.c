/*
 * mail_templates.c - the texts of the resident account e-mails, in the 20
 * languages of site_language_choices (lang.c), in that order.
 *
 * Every language tells the same facts with the same placeholders (see
 * resident_mail.h): welcome {name} {room} {login} {password} {sip}
 * {family_sip} and the installer's {installer} {phone} {support_email};
 * family_welcome adds {master}; password_reset has {name} {login} {password}
 * and the installer.  Facts that may be missing ({room}, {phone},
 * {support_email}, ...) stand on lines of their own, because a line whose
 * fact is empty is left out.  Labels rather than sentences carry the names,
 * so no language has to inflect a name it cannot know the gender or case of.
 * The tests (tests/unit/test_resident_mail.c) check every language against
 * English: same placeholders, every fact rendered, nothing left over.
 */
#include "resident_mail.h"

/* The parts each language shares between its three mails. */
#define FACTS_SIP(sip, fam) sip ": {sip}\n" fam ": {family_sip}\n"
#define HELP(ask, phone, mail) \
	"\n" ask "\n{installer}\n" phone ": {phone}\n" mail ": {support_email}\n"

/* ---------------------------------------------------------------- English */
#define EN_LOGIN "Login (e-mail): {login}\n"
#define EN_HELP(ask) HELP(ask, "Phone", "E-mail")
#define EN_CHANGE "The app will ask you to change this password when you first sign in.\n"

/* ------------------------------------------------------ Traditional Chinese */
#define ZH_HANT_LOGIN "登入帳號（電子郵件）：{login}\n"
#define ZH_HANT_SIP "您的 SIP 號碼：{sip}\n家庭 SIP 號碼：{family_sip}\n"
#define ZH_HANT_HELP(ask) "\n" ask "\n{installer}\n電話：{phone}\n電子郵件：{support_email}\n"

/* ------------------------------------------------------- Simplified Chinese */
#define ZH_HANS_LOGIN "登录账号（电子邮箱）：{login}\n"
#define ZH_HANS_SIP "您的 SIP 号码：{sip}\n家庭 SIP 号码：{family_sip}\n"
#define ZH_HANS_HELP(ask) "\n" ask "\n{installer}\n电话：{phone}\n电子邮箱：{support_email}\n"

/* --------------------------------------------------------------- Japanese */
#define JA_HELP(ask) "\n" ask "\n{installer}\n電話：{phone}\nメール：{support_email}\n"

const struct resident_mail_template resident_mail_templates[] = {
	/* en */
	{ "en", "welcome", "Your intercom app account has been created",
	  "Hello {name},\n"
	  "\n"
	  "Your intercom app account has been created.\n"
	  "\n"
	  "Home: {room}\n"
	  EN_LOGIN
	  "Password: {password}\n"
	  EN_CHANGE
	  "\n"
	  FACTS_SIP("Your SIP number", "Family SIP number")
	  EN_HELP("If you need help, please contact your installer:") },
	{ "en", "family_welcome", "Your family member account for the intercom app",
	  "Hello {name},\n"
	  "\n"
	  "You have been added as a family member to an intercom app account.\n"
	  "\n"
	  "Account holder: {master}\n"
	  "Home: {room}\n"
	  EN_LOGIN
	  "Password: {password}\n"
	  EN_CHANGE
	  "\n"
	  FACTS_SIP("Your SIP number", "Family SIP number")
	  EN_HELP("If you need help, please contact your installer:") },
	{ "en", "password_reset", "Your new intercom app password",
	  "Hello {name},\n"
	  "\n"
	  "A new password has been set for your intercom app account.\n"
	  "\n"
	  EN_LOGIN
	  "New password: {password}\n"
	  "The app will ask you to change this password when you sign in.\n"
	  EN_HELP("If you did not ask for a new password or need help, please contact your "
		  "installer:") },

	/* zh-Hant */
	{ "zh-Hant", "welcome", "您的對講 App 帳號已建立",
	  "{name} 您好：\n"
	  "\n"
	  "您的對講 App 帳號已建立。\n"
	  "\n"
	  "住家：{room}\n"
	  ZH_HANT_LOGIN
	  "密碼：{password}\n"
	  "首次登入時，App 會要求您變更此密碼。\n"
	  "\n"
	  ZH_HANT_SIP
	  ZH_HANT_HELP("如需協助，請聯絡您的安裝商：") },
	{ "zh-Hant", "family_welcome", "您的對講 App 家庭成員帳號",
	  "{name} 您好：\n"
	  "\n"
	  "您已被新增為對講 App 帳號的家庭成員。\n"
	  "\n"
	  "主帳號持有人：{master}\n"
	  "住家：{room}\n"
	  ZH_HANT_LOGIN
	  "密碼：{password}\n"
	  "首次登入時，App 會要求您變更此密碼。\n"
	  "\n"
	  ZH_HANT_SIP
	  ZH_HANT_HELP("如需協助，請聯絡您的安裝商：") },
	{ "zh-Hant", "password_reset", "您的對講 App 新密碼",
	  "{name} 您好：\n"
	  "\n"
	  "您的對講 App 帳號已設定新密碼。\n"
	  "\n"
	  ZH_HANT_LOGIN
	  "新密碼：{password}\n"
	  "登入時，App 會要求您變更此密碼。\n"
	  ZH_HANT_HELP("如果您並未要求新密碼，或需要協助，請聯絡您的安裝商：") },

	/* zh-Hans */
	{ "zh-Hans", "welcome", "您的对讲 App 账号已创建",
	  "{name}，您好：\n"
	  "\n"
	  "您的对讲 App 账号已创建。\n"
	  "\n"
	  "住宅：{room}\n"
	  ZH_HANS_LOGIN
	  "密码：{password}\n"
	  "首次登录时，App 会要求您修改此密码。\n"
	  "\n"
	  ZH_HANS_SIP
	  ZH_HANS_HELP("如需帮助，请联系您的安装商：") },
	{ "zh-Hans", "family_welcome", "您的对讲 App 家庭成员账号",
	  "{name}，您好：\n"
	  "\n"
	  "您已被添加为对讲 App 账号的家庭成员。\n"
	  "\n"
	  "主账号持有人：{master}\n"
	  "住宅：{room}\n"
	  ZH_HANS_LOGIN
	  "密码：{password}\n"
	  "首次登录时，App 会要求您修改此密码。\n"
	  "\n"
	  ZH_HANS_SIP
	  ZH_HANS_HELP("如需帮助，请联系您的安装商：") },
	{ "zh-Hans", "password_reset", "您的对讲 App 新密码",
	  "{name}，您好：\n"
	  "\n"
	  "您的对讲 App 账号已设置新密码。\n"
	  "\n"
	  ZH_HANS_LOGIN
	  "新密码：{password}\n"
	  "登录时，App 会要求您修改此密码。\n"
	  ZH_HANS_HELP("如果您没有申请新密码，或需要帮助，请联系您的安装商：") },

	/* ko */
	{ "ko", "welcome", "인터폰 앱 계정이 생성되었습니다",
	  "{name}님, 안녕하세요.\n"
	  "\n"
	  "인터폰 앱 계정이 생성되었습니다.\n"
	  "\n"
	  "주택: {room}\n"
	  "로그인(이메일): {login}\n"
	  "비밀번호: {password}\n"
	  "처음 로그인하면 앱에서 이 비밀번호를 변경하도록 안내합니다.\n"
	  "\n"
	  FACTS_SIP("내 SIP 번호", "가족 SIP 번호")
	  HELP("도움이 필요하시면 설치업체에 문의해 주세요.", "전화", "이메일") },
	{ "ko", "family_welcome", "인터폰 앱 가족 구성원 계정 안내",
	  "{name}님, 안녕하세요.\n"
	  "\n"
	  "인터폰 앱 계정에 가족 구성원으로 추가되었습니다.\n"
	  "\n"
	  "계정 소유자: {master}\n"
	  "주택: {room}\n"
	  "로그인(이메일): {login}\n"
	  "비밀번호: {password}\n"
	  "처음 로그인하면 앱에서 이 비밀번호를 변경하도록 안내합니다.\n"
	  "\n"
	  FACTS_SIP("내 SIP 번호", "가족 SIP 번호")
	  HELP("도움이 필요하시면 설치업체에 문의해 주세요.", "전화", "이메일") },
	{ "ko", "password_reset", "인터폰 앱 새 비밀번호 안내",
	  "{name}님, 안녕하세요.\n"
	  "\n"
	  "인터폰 앱 계정에 새 비밀번호가 설정되었습니다.\n"
	  "\n"
	  "로그인(이메일): {login}\n"
	  "새 비밀번호: {password}\n"
	  "로그인하면 앱에서 이 비밀번호를 변경하도록 안내합니다.\n"
	  HELP("새 비밀번호를 요청하지 않으셨거나 도움이 필요하시면 설치업체에 문의해 주세요.",
	       "전화", "이메일") },

	/* ja */
	{ "ja", "welcome", "インターホンアプリのアカウントを作成しました",
	  "{name} 様\n"
	  "\n"
	  "インターホンアプリのアカウントが作成されました。\n"
	  "\n"
	  "お住まい：{room}\n"
	  "ログイン（メールアドレス）：{login}\n"
	  "パスワード：{password}\n"
	  "初回ログイン時に、アプリからこのパスワードの変更を求められます。\n"
	  "\n"
	  "あなたのSIP番号：{sip}\n"
	  "家族用SIP番号：{family_sip}\n"
	  JA_HELP("ご不明な点は、設置業者までお問い合わせください。") },
	{ "ja", "family_welcome", "インターホンアプリのご家族用アカウントのお知らせ",
	  "{name} 様\n"
	  "\n"
	  "インターホンアプリのアカウントに、ご家族として追加されました。\n"
	  "\n"
	  "アカウント所有者：{master}\n"
	  "お住まい：{room}\n"
	  "ログイン（メールアドレス）：{login}\n"
	  "パスワード：{password}\n"
	  "初回ログイン時に、アプリからこのパスワードの変更を求められます。\n"
	  "\n"
	  "あなたのSIP番号：{sip}\n"
	  "家族用SIP番号：{family_sip}\n"
	  JA_HELP("ご不明な点は、設置業者までお問い合わせください。") },
	{ "ja", "password_reset", "インターホンアプリの新しいパスワード",
	  "{name} 様\n"
	  "\n"
	  "インターホンアプリのアカウントに新しいパスワードが設定されました。\n"
	  "\n"
	  "ログイン（メールアドレス）：{login}\n"
	  "新しいパスワード：{password}\n"
	  "ログイン時に、アプリからこのパスワードの変更を求められます。\n"
	  JA_HELP("新しいパスワードをご依頼でない場合やご不明な点は、設置業者までお問い合わせください。") },

	/* tr */
	{ "tr", "welcome", "Diyafon uygulaması hesabınız oluşturuldu",
	  "Merhaba {name},\n"
	  "\n"
	  "Diyafon uygulaması hesabınız oluşturuldu.\n"
	  "\n"
	  "Ev: {room}\n"
	  "Giriş (e-posta): {login}\n"
	  "Şifre: {password}\n"
	  "İlk girişinizde uygulama bu şifreyi değiştirmenizi isteyecektir.\n"
	  "\n"
	  FACTS_SIP("SIP numaranız", "Aile SIP numarası")
	  HELP("Yardıma ihtiyacınız olursa lütfen kurulum firmanızla iletişime geçin:",
	       "Telefon", "E-posta") },
	{ "tr", "family_welcome", "Diyafon uygulaması aile üyesi hesabınız",
	  "Merhaba {name},\n"
	  "\n"
	  "Bir diyafon uygulaması hesabına aile üyesi olarak eklendiniz.\n"
	  "\n"
	  "Hesap sahibi: {master}\n"
	  "Ev: {room}\n"
	  "Giriş (e-posta): {login}\n"
	  "Şifre: {password}\n"
	  "İlk girişinizde uygulama bu şifreyi değiştirmenizi isteyecektir.\n"
	  "\n"
	  FACTS_SIP("SIP numaranız", "Aile SIP numarası")
	  HELP("Yardıma ihtiyacınız olursa lütfen kurulum firmanızla iletişime geçin:",
	       "Telefon", "E-posta") },
	{ "tr", "password_reset", "Diyafon uygulaması için yeni şifreniz",
	  "Merhaba {name},\n"
	  "\n"
	  "Diyafon uygulaması hesabınız için yeni bir şifre belirlendi.\n"
	  "\n"
	  "Giriş (e-posta): {login}\n"
	  "Yeni şifre: {password}\n"
	  "Giriş yaptığınızda uygulama bu şifreyi değiştirmenizi isteyecektir.\n"
	  HELP("Yeni bir şifre istemediyseniz veya yardıma ihtiyacınız varsa lütfen kurulum "
	       "firmanızla iletişime geçin:", "Telefon", "E-posta") },

	/* pl */
	{ "pl", "welcome", "Twoje konto w aplikacji domofonowej zostało utworzone",
	  "Dzień dobry, {name}!\n"
	  "\n"
	  "Twoje konto w aplikacji domofonowej zostało utworzone.\n"
	  "\n"
	  "Dom: {room}\n"
	  "Login (e-mail): {login}\n"
	  "Hasło: {password}\n"
	  "Przy pierwszym logowaniu aplikacja poprosi o zmianę tego hasła.\n"
	  "\n"
	  FACTS_SIP("Twój numer SIP", "Numer SIP rodziny")
	  HELP("Jeśli potrzebujesz pomocy, skontaktuj się ze swoim instalatorem:",
	       "Telefon", "E-mail") },
	{ "pl", "family_welcome", "Twoje konto członka rodziny w aplikacji domofonowej",
	  "Dzień dobry, {name}!\n"
	  "\n"
	  "Dodano Cię jako członka rodziny do konta w aplikacji domofonowej.\n"
	  "\n"
	  "Właściciel konta: {master}\n"
	  "Dom: {room}\n"
	  "Login (e-mail): {login}\n"
	  "Hasło: {password}\n"
	  "Przy pierwszym logowaniu aplikacja poprosi o zmianę tego hasła.\n"
	  "\n"
	  FACTS_SIP("Twój numer SIP", "Numer SIP rodziny")
	  HELP("Jeśli potrzebujesz pomocy, skontaktuj się ze swoim instalatorem:",
	       "Telefon", "E-mail") },
	{ "pl", "password_reset", "Nowe hasło do aplikacji domofonowej",
	  "Dzień dobry, {name}!\n"
	  "\n"
	  "Dla Twojego konta w aplikacji domofonowej ustawiono nowe hasło.\n"
	  "\n"
	  "Login (e-mail): {login}\n"
	  "Nowe hasło: {password}\n"
	  "Po zalogowaniu aplikacja poprosi o zmianę tego hasła.\n"
	  HELP("Jeśli nowe hasło nie było zamawiane lub potrzebujesz pomocy, skontaktuj się ze "
	       "swoim instalatorem:", "Telefon", "E-mail") },

	/* ru */
	{ "ru", "welcome", "Ваша учётная запись в приложении домофона создана",
	  "Здравствуйте, {name}!\n"
	  "\n"
	  "Ваша учётная запись в приложении домофона создана.\n"
	  "\n"
	  "Дом: {room}\n"
	  "Логин (e-mail): {login}\n"
	  "Пароль: {password}\n"
	  "При первом входе приложение попросит вас сменить этот пароль.\n"
	  "\n"
	  FACTS_SIP("Ваш SIP-номер", "SIP-номер семьи")
	  HELP("Если вам нужна помощь, обратитесь в компанию, установившую вашу систему:",
	       "Телефон", "E-mail") },
	{ "ru", "family_welcome", "Ваша учётная запись члена семьи в приложении домофона",
	  "Здравствуйте, {name}!\n"
	  "\n"
	  "Вас добавили как члена семьи в учётную запись приложения домофона.\n"
	  "\n"
	  "Владелец учётной записи: {master}\n"
	  "Дом: {room}\n"
	  "Логин (e-mail): {login}\n"
	  "Пароль: {password}\n"
	  "При первом входе приложение попросит вас сменить этот пароль.\n"
	  "\n"
	  FACTS_SIP("Ваш SIP-номер", "SIP-номер семьи")
	  HELP("Если вам нужна помощь, обратитесь в компанию, установившую вашу систему:",
	       "Телефон", "E-mail") },
	{ "ru", "password_reset", "Новый пароль для приложения домофона",
	  "Здравствуйте, {name}!\n"
	  "\n"
	  "Для вашей учётной записи в приложении домофона установлен новый пароль.\n"
	  "\n"
	  "Логин (e-mail): {login}\n"
	  "Новый пароль: {password}\n"
	  "При входе приложение попросит вас сменить этот пароль.\n"
	  HELP("Если вы не запрашивали новый пароль или вам нужна помощь, обратитесь в компанию, "
	       "установившую вашу систему:", "Телефон", "E-mail") },

	/* es */
	{ "es", "welcome", "Se ha creado su cuenta de la aplicación del intercomunicador",
	  "Hola, {name}:\n"
	  "\n"
	  "Se ha creado su cuenta de la aplicación del intercomunicador.\n"
	  "\n"
	  "Vivienda: {room}\n"
	  "Usuario (correo electrónico): {login}\n"
	  "Contraseña: {password}\n"
	  "La aplicación le pedirá que cambie esta contraseña la primera vez que inicie sesión.\n"
	  "\n"
	  FACTS_SIP("Su número SIP", "Número SIP familiar")
	  HELP("Si necesita ayuda, póngase en contacto con su instalador:",
	       "Teléfono", "Correo electrónico") },
	{ "es", "family_welcome", "Su cuenta de miembro de la familia en la aplicación del intercomunicador",
	  "Hola, {name}:\n"
	  "\n"
	  "Se le ha añadido como miembro de la familia a una cuenta de la aplicación del "
	  "intercomunicador.\n"
	  "\n"
	  "Titular de la cuenta: {master}\n"
	  "Vivienda: {room}\n"
	  "Usuario (correo electrónico): {login}\n"
	  "Contraseña: {password}\n"
	  "La aplicación le pedirá que cambie esta contraseña la primera vez que inicie sesión.\n"
	  "\n"
	  FACTS_SIP("Su número SIP", "Número SIP familiar")
	  HELP("Si necesita ayuda, póngase en contacto con su instalador:",
	       "Teléfono", "Correo electrónico") },
	{ "es", "password_reset", "Su nueva contraseña de la aplicación del intercomunicador",
	  "Hola, {name}:\n"
	  "\n"
	  "Se ha establecido una nueva contraseña para su cuenta de la aplicación del "
	  "intercomunicador.\n"
	  "\n"
	  "Usuario (correo electrónico): {login}\n"
	  "Nueva contraseña: {password}\n"
	  "La aplicación le pedirá que cambie esta contraseña al iniciar sesión.\n"
	  HELP("Si no ha solicitado una nueva contraseña o necesita ayuda, póngase en contacto "
	       "con su instalador:", "Teléfono", "Correo electrónico") },

	/* bs */
	{ "bs", "welcome", "Vaš račun u aplikaciji za interfon je otvoren",
	  "Dobar dan, {name},\n"
	  "\n"
	  "Vaš korisnički račun u aplikaciji za interfon je otvoren.\n"
	  "\n"
	  "Dom: {room}\n"
	  "Prijava (e-mail): {login}\n"
	  "Lozinka: {password}\n"
	  "Pri prvoj prijavi aplikacija će od Vas zatražiti da promijenite ovu lozinku.\n"
	  "\n"
	  FACTS_SIP("Vaš SIP broj", "Porodični SIP broj")
	  HELP("Ako Vam je potrebna pomoć, obratite se svom instalateru:", "Telefon", "E-mail") },
	{ "bs", "family_welcome", "Vaš račun člana porodice u aplikaciji za interfon",
	  "Dobar dan, {name},\n"
	  "\n"
	  "Za Vas je otvoren račun člana porodice u aplikaciji za interfon.\n"
	  "\n"
	  "Vlasnik računa: {master}\n"
	  "Dom: {room}\n"
	  "Prijava (e-mail): {login}\n"
	  "Lozinka: {password}\n"
	  "Pri prvoj prijavi aplikacija će od Vas zatražiti da promijenite ovu lozinku.\n"
	  "\n"
	  FACTS_SIP("Vaš SIP broj", "Porodični SIP broj")
	  HELP("Ako Vam je potrebna pomoć, obratite se svom instalateru:", "Telefon", "E-mail") },
	{ "bs", "password_reset", "Vaša nova lozinka za aplikaciju za interfon",
	  "Dobar dan, {name},\n"
	  "\n"
	  "Za Vaš račun u aplikaciji za interfon postavljena je nova lozinka.\n"
	  "\n"
	  "Prijava (e-mail): {login}\n"
	  "Nova lozinka: {password}\n"
	  "Pri prijavi aplikacija će od Vas zatražiti da promijenite ovu lozinku.\n"
	  HELP("Ako niste tražili novu lozinku ili Vam je potrebna pomoć, obratite se svom "
	       "instalateru:", "Telefon", "E-mail") },

	/* da */
	{ "da", "welcome", "Din konto til dørtelefon-appen er oprettet",
	  "Hej {name}\n"
	  "\n"
	  "Din konto til dørtelefon-appen er oprettet.\n"
	  "\n"
	  "Hjem: {room}\n"
	  "Login (e-mail): {login}\n"
	  "Adgangskode: {password}\n"
	  "Appen beder dig om at ændre denne adgangskode, første gang du logger ind.\n"
	  "\n"
	  FACTS_SIP("Dit SIP-nummer", "Familiens SIP-nummer")
	  HELP("Hvis du har brug for hjælp, så kontakt din installatør:", "Telefon", "E-mail") },
	{ "da", "family_welcome", "Din familiekonto til dørtelefon-appen",
	  "Hej {name}\n"
	  "\n"
	  "Du er blevet tilføjet som familiemedlem på en konto til dørtelefon-appen.\n"
	  "\n"
	  "Kontoejer: {master}\n"
	  "Hjem: {room}\n"
	  "Login (e-mail): {login}\n"
	  "Adgangskode: {password}\n"
	  "Appen beder dig om at ændre denne adgangskode, første gang du logger ind.\n"
	  "\n"
	  FACTS_SIP("Dit SIP-nummer", "Familiens SIP-nummer")
	  HELP("Hvis du har brug for hjælp, så kontakt din installatør:", "Telefon", "E-mail") },
	{ "da", "password_reset", "Din nye adgangskode til dørtelefon-appen",
	  "Hej {name}\n"
	  "\n"
	  "Der er oprettet en ny adgangskode til din konto i dørtelefon-appen.\n"
	  "\n"
	  "Login (e-mail): {login}\n"
	  "Ny adgangskode: {password}\n"
	  "Appen beder dig om at ændre denne adgangskode, når du logger ind.\n"
	  HELP("Hvis du ikke har bedt om en ny adgangskode eller har brug for hjælp, så kontakt "
	       "din installatør:", "Telefon", "E-mail") },

	/* vi */
	{ "vi", "welcome", "Tài khoản ứng dụng chuông cửa của bạn đã được tạo",
	  "Xin chào {name},\n"
	  "\n"
	  "Tài khoản ứng dụng chuông cửa của bạn đã được tạo.\n"
	  "\n"
	  "Nhà: {room}\n"
	  "Tên đăng nhập (email): {login}\n"
	  "Mật khẩu: {password}\n"
	  "Khi bạn đăng nhập lần đầu, ứng dụng sẽ yêu cầu bạn đổi mật khẩu này.\n"
	  "\n"
	  FACTS_SIP("Số SIP của bạn", "Số SIP gia đình")
	  HELP("Nếu cần hỗ trợ, vui lòng liên hệ đơn vị lắp đặt của bạn:",
	       "Điện thoại", "Email") },
	{ "vi", "family_welcome", "Tài khoản thành viên gia đình trên ứng dụng chuông cửa",
	  "Xin chào {name},\n"
	  "\n"
	  "Bạn đã được thêm làm thành viên gia đình vào một tài khoản ứng dụng chuông cửa.\n"
	  "\n"
	  "Chủ tài khoản: {master}\n"
	  "Nhà: {room}\n"
	  "Tên đăng nhập (email): {login}\n"
	  "Mật khẩu: {password}\n"
	  "Khi bạn đăng nhập lần đầu, ứng dụng sẽ yêu cầu bạn đổi mật khẩu này.\n"
	  "\n"
	  FACTS_SIP("Số SIP của bạn", "Số SIP gia đình")
	  HELP("Nếu cần hỗ trợ, vui lòng liên hệ đơn vị lắp đặt của bạn:",
	       "Điện thoại", "Email") },
	{ "vi", "password_reset", "Mật khẩu mới cho ứng dụng chuông cửa của bạn",
	  "Xin chào {name},\n"
	  "\n"
	  "Tài khoản ứng dụng chuông cửa của bạn đã được đặt mật khẩu mới.\n"
	  "\n"
	  "Tên đăng nhập (email): {login}\n"
	  "Mật khẩu mới: {password}\n"
	  "Khi bạn đăng nhập, ứng dụng sẽ yêu cầu bạn đổi mật khẩu này.\n"
	  HELP("Nếu bạn không yêu cầu mật khẩu mới hoặc cần hỗ trợ, vui lòng liên hệ đơn vị "
	       "lắp đặt của bạn:", "Điện thoại", "Email") },

	/* fr */
	{ "fr", "welcome", "Votre compte de l'application d'interphone a été créé",
	  "Bonjour {name},\n"
	  "\n"
	  "Votre compte de l'application d'interphone a été créé.\n"
	  "\n"
	  "Logement : {room}\n"
	  "Identifiant (e-mail) : {login}\n"
	  "Mot de passe : {password}\n"
	  "Lors de votre première connexion, l'application vous demandera de changer ce mot "
	  "de passe.\n"
	  "\n"
	  "Votre numéro SIP : {sip}\n"
	  "Numéro SIP de la famille : {family_sip}\n"
	  "\n"
	  "Pour toute aide, contactez votre installateur :\n"
	  "{installer}\n"
	  "Téléphone : {phone}\n"
	  "E-mail : {support_email}\n" },
	{ "fr", "family_welcome", "Votre compte de membre de la famille pour l'application d'interphone",
	  "Bonjour {name},\n"
	  "\n"
	  "Un compte de membre de la famille a été créé pour vous dans l'application "
	  "d'interphone.\n"
	  "\n"
	  "Titulaire du compte : {master}\n"
	  "Logement : {room}\n"
	  "Identifiant (e-mail) : {login}\n"
	  "Mot de passe : {password}\n"
	  "Lors de votre première connexion, l'application vous demandera de changer ce mot "
	  "de passe.\n"
	  "\n"
	  "Votre numéro SIP : {sip}\n"
	  "Numéro SIP de la famille : {family_sip}\n"
	  "\n"
	  "Pour toute aide, contactez votre installateur :\n"
	  "{installer}\n"
	  "Téléphone : {phone}\n"
	  "E-mail : {support_email}\n" },
	{ "fr", "password_reset", "Votre nouveau mot de passe pour l'application d'interphone",
	  "Bonjour {name},\n"
	  "\n"
	  "Un nouveau mot de passe a été défini pour votre compte de l'application "
	  "d'interphone.\n"
	  "\n"
	  "Identifiant (e-mail) : {login}\n"
	  "Nouveau mot de passe : {password}\n"
	  "Lors de votre connexion, l'application vous demandera de changer ce mot de passe.\n"
	  "\n"
	  "Si vous n'avez pas demandé de nouveau mot de passe ou si vous avez besoin d'aide, "
	  "contactez votre installateur :\n"
	  "{installer}\n"
	  "Téléphone : {phone}\n"
	  "E-mail : {support_email}\n" },

	/* pt */
	{ "pt", "welcome", "Sua conta no aplicativo do interfone foi criada",
	  "Olá, {name},\n"
	  "\n"
	  "Sua conta no aplicativo do interfone foi criada.\n"
	  "\n"
	  "Residência: {room}\n"
	  "Login (e-mail): {login}\n"
	  "Senha: {password}\n"
	  "No primeiro acesso, o aplicativo pedirá que você altere esta senha.\n"
	  "\n"
	  FACTS_SIP("Seu número SIP", "Número SIP da família")
	  HELP("Se precisar de ajuda, entre em contato com o seu instalador:",
	       "Telefone", "E-mail") },
	{ "pt", "family_welcome", "Sua conta de membro da família no aplicativo do interfone",
	  "Olá, {name},\n"
	  "\n"
	  "Foi criada para você uma conta de membro da família no aplicativo do interfone.\n"
	  "\n"
	  "Titular da conta: {master}\n"
	  "Residência: {room}\n"
	  "Login (e-mail): {login}\n"
	  "Senha: {password}\n"
	  "No primeiro acesso, o aplicativo pedirá que você altere esta senha.\n"
	  "\n"
	  FACTS_SIP("Seu número SIP", "Número SIP da família")
	  HELP("Se precisar de ajuda, entre em contato com o seu instalador:",
	       "Telefone", "E-mail") },
	{ "pt", "password_reset", "Sua nova senha do aplicativo do interfone",
	  "Olá, {name},\n"
	  "\n"
	  "Uma nova senha foi definida para sua conta no aplicativo do interfone.\n"
	  "\n"
	  "Login (e-mail): {login}\n"
	  "Nova senha: {password}\n"
	  "Ao entrar, o aplicativo pedirá que você altere esta senha.\n"
	  HELP("Se você não pediu uma nova senha ou precisa de ajuda, entre em contato com o seu "
	       "instalador:", "Telefone", "E-mail") },

	/* de */
	{ "de", "welcome", "Ihr Konto für die Sprechanlagen-App wurde eingerichtet",
	  "Hallo {name},\n"
	  "\n"
	  "Ihr Konto für die Sprechanlagen-App wurde eingerichtet.\n"
	  "\n"
	  "Zuhause: {room}\n"
	  "Anmeldung (E-Mail): {login}\n"
	  "Passwort: {password}\n"
	  "Bei der ersten Anmeldung fordert die App Sie auf, dieses Passwort zu ändern.\n"
	  "\n"
	  FACTS_SIP("Ihre SIP-Nummer", "SIP-Nummer der Familie")
	  HELP("Wenn Sie Hilfe benötigen, wenden Sie sich bitte an Ihren Installateur:",
	       "Telefon", "E-Mail") },
	{ "de", "family_welcome", "Ihr Konto als Familienmitglied für die Sprechanlagen-App",
	  "Hallo {name},\n"
	  "\n"
	  "Sie wurden als Familienmitglied zu einem Konto der Sprechanlagen-App hinzugefügt.\n"
	  "\n"
	  "Hauptkonto: {master}\n"
	  "Zuhause: {room}\n"
	  "Anmeldung (E-Mail): {login}\n"
	  "Passwort: {password}\n"
	  "Bei der ersten Anmeldung fordert die App Sie auf, dieses Passwort zu ändern.\n"
	  "\n"
	  FACTS_SIP("Ihre SIP-Nummer", "SIP-Nummer der Familie")
	  HELP("Wenn Sie Hilfe benötigen, wenden Sie sich bitte an Ihren Installateur:",
	       "Telefon", "E-Mail") },
	{ "de", "password_reset", "Ihr neues Passwort für die Sprechanlagen-App",
	  "Hallo {name},\n"
	  "\n"
	  "für Ihr Konto in der Sprechanlagen-App wurde ein neues Passwort festgelegt.\n"
	  "\n"
	  "Anmeldung (E-Mail): {login}\n"
	  "Neues Passwort: {password}\n"
	  "Bei der Anmeldung fordert die App Sie auf, dieses Passwort zu ändern.\n"
	  HELP("Falls Sie kein neues Passwort angefordert haben oder Hilfe benötigen, wenden Sie "
	       "sich bitte an Ihren Installateur:", "Telefon", "E-Mail") },

	/* it */
	{ "it", "welcome", "Il tuo account dell'app del citofono è stato creato",
	  "Ciao {name},\n"
	  "\n"
	  "il tuo account dell'app del citofono è stato creato.\n"
	  "\n"
	  "Casa: {room}\n"
	  "Accesso (e-mail): {login}\n"
	  "Password: {password}\n"
	  "Al primo accesso l'app ti chiederà di cambiare questa password.\n"
	  "\n"
	  FACTS_SIP("Il tuo numero SIP", "Numero SIP della famiglia")
	  HELP("Se hai bisogno di aiuto, contatta il tuo installatore:", "Telefono", "E-mail") },
	{ "it", "family_welcome", "Il tuo account familiare dell'app del citofono",
	  "Ciao {name},\n"
	  "\n"
	  "nell'app del citofono è stato creato per te un account come membro della famiglia.\n"
	  "\n"
	  "Titolare dell'account: {master}\n"
	  "Casa: {room}\n"
	  "Accesso (e-mail): {login}\n"
	  "Password: {password}\n"
	  "Al primo accesso l'app ti chiederà di cambiare questa password.\n"
	  "\n"
	  FACTS_SIP("Il tuo numero SIP", "Numero SIP della famiglia")
	  HELP("Se hai bisogno di aiuto, contatta il tuo installatore:", "Telefono", "E-mail") },
	{ "it", "password_reset", "La tua nuova password dell'app del citofono",
	  "Ciao {name},\n"
	  "\n"
	  "per il tuo account dell'app del citofono è stata impostata una nuova password.\n"
	  "\n"
	  "Accesso (e-mail): {login}\n"
	  "Nuova password: {password}\n"
	  "Al prossimo accesso l'app ti chiederà di cambiare questa password.\n"
	  HELP("Se non hai richiesto una nuova password o hai bisogno di aiuto, contatta il tuo "
	       "installatore:", "Telefono", "E-mail") },

	/* uk */
	{ "uk", "welcome", "Ваш обліковий запис у застосунку домофона створено",
	  "Добрий день, {name}!\n"
	  "\n"
	  "Ваш обліковий запис у застосунку домофона створено.\n"
	  "\n"
	  "Житло: {room}\n"
	  "Логін (e-mail): {login}\n"
	  "Пароль: {password}\n"
	  "Під час першого входу застосунок попросить вас змінити цей пароль.\n"
	  "\n"
	  FACTS_SIP("Ваш SIP-номер", "SIP-номер родини")
	  HELP("Якщо вам потрібна допомога, зверніться до компанії, що встановила вашу систему:",
	       "Телефон", "E-mail") },
	{ "uk", "family_welcome", "Ваш обліковий запис члена родини у застосунку домофона",
	  "Добрий день, {name}!\n"
	  "\n"
	  "Вас додано як члена родини до облікового запису в застосунку домофона.\n"
	  "\n"
	  "Власник облікового запису: {master}\n"
	  "Житло: {room}\n"
	  "Логін (e-mail): {login}\n"
	  "Пароль: {password}\n"
	  "Під час першого входу застосунок попросить вас змінити цей пароль.\n"
	  "\n"
	  FACTS_SIP("Ваш SIP-номер", "SIP-номер родини")
	  HELP("Якщо вам потрібна допомога, зверніться до компанії, що встановила вашу систему:",
	       "Телефон", "E-mail") },
	{ "uk", "password_reset", "Новий пароль для застосунку домофона",
	  "Добрий день, {name}!\n"
	  "\n"
	  "Для вашого облікового запису в застосунку домофона встановлено новий пароль.\n"
	  "\n"
	  "Логін (e-mail): {login}\n"
	  "Новий пароль: {password}\n"
	  "Під час входу застосунок попросить вас змінити цей пароль.\n"
	  HELP("Якщо ви не запитували новий пароль або вам потрібна допомога, зверніться до "
	       "компанії, що встановила вашу систему:", "Телефон", "E-mail") },

	/* he */
	{ "he", "welcome", "החשבון שלך באפליקציית האינטרקום נוצר",
	  "שלום {name},\n"
	  "\n"
	  "החשבון שלך באפליקציית האינטרקום נוצר.\n"
	  "\n"
	  "בית: {room}\n"
	  "שם משתמש (דוא\"ל): {login}\n"
	  "סיסמה: {password}\n"
	  "בכניסה הראשונה האפליקציה תבקש ממך להחליף את הסיסמה הזו.\n"
	  "\n"
	  FACTS_SIP("מספר ה-SIP שלך", "מספר ה-SIP של המשפחה")
	  HELP("אם נדרשת לך עזרה, אפשר לפנות למתקין שלך:", "טלפון", "דוא\"ל") },
	{ "he", "family_welcome", "חשבון בן המשפחה שלך באפליקציית האינטרקום",
	  "שלום {name},\n"
	  "\n"
	  "נוצר עבורך חשבון בן משפחה באפליקציית האינטרקום.\n"
	  "\n"
	  "בעל החשבון: {master}\n"
	  "בית: {room}\n"
	  "שם משתמש (דוא\"ל): {login}\n"
	  "סיסמה: {password}\n"
	  "בכניסה הראשונה האפליקציה תבקש ממך להחליף את הסיסמה הזו.\n"
	  "\n"
	  FACTS_SIP("מספר ה-SIP שלך", "מספר ה-SIP של המשפחה")
	  HELP("אם נדרשת לך עזרה, אפשר לפנות למתקין שלך:", "טלפון", "דוא\"ל") },
	{ "he", "password_reset", "הסיסמה החדשה שלך לאפליקציית האינטרקום",
	  "שלום {name},\n"
	  "\n"
	  "נקבעה סיסמה חדשה לחשבון שלך באפליקציית האינטרקום.\n"
	  "\n"
	  "שם משתמש (דוא\"ל): {login}\n"
	  "סיסמה חדשה: {password}\n"
	  "בכניסה האפליקציה תבקש ממך להחליף את הסיסמה הזו.\n"
	  HELP("אם לא ביקשת סיסמה חדשה או שנדרשת לך עזרה, אפשר לפנות למתקין שלך:",
	       "טלפון", "דוא\"ל") },

	/* fa */
	{ "fa", "welcome", "حساب کاربری شما در اپلیکیشن آیفون تصویری ایجاد شد",
	  "سلام {name}،\n"
	  "\n"
	  "حساب کاربری شما در اپلیکیشن آیفون تصویری ایجاد شد.\n"
	  "\n"
	  "خانه: {room}\n"
	  "نام کاربری (ایمیل): {login}\n"
	  "رمز عبور: {password}\n"
	  "در اولین ورود، اپلیکیشن از شما می‌خواهد این رمز عبور را تغییر دهید.\n"
	  "\n"
	  FACTS_SIP("شماره SIP شما", "شماره SIP خانواده")
	  HELP("اگر به کمک نیاز دارید، با نصاب خود تماس بگیرید:", "تلفن", "ایمیل") },
	{ "fa", "family_welcome", "حساب عضو خانواده شما در اپلیکیشن آیفون تصویری",
	  "سلام {name}،\n"
	  "\n"
	  "شما به‌عنوان عضو خانواده به یک حساب کاربری در اپلیکیشن آیفون تصویری اضافه شدید.\n"
	  "\n"
	  "صاحب حساب: {master}\n"
	  "خانه: {room}\n"
	  "نام کاربری (ایمیل): {login}\n"
	  "رمز عبور: {password}\n"
	  "در اولین ورود، اپلیکیشن از شما می‌خواهد این رمز عبور را تغییر دهید.\n"
	  "\n"
	  FACTS_SIP("شماره SIP شما", "شماره SIP خانواده")
	  HELP("اگر به کمک نیاز دارید، با نصاب خود تماس بگیرید:", "تلفن", "ایمیل") },
	{ "fa", "password_reset", "رمز عبور جدید شما برای اپلیکیشن آیفون تصویری",
	  "سلام {name}،\n"
	  "\n"
	  "برای حساب کاربری شما در اپلیکیشن آیفون تصویری رمز عبور جدیدی تنظیم شد.\n"
	  "\n"
	  "نام کاربری (ایمیل): {login}\n"
	  "رمز عبور جدید: {password}\n"
	  "هنگام ورود، اپلیکیشن از شما می‌خواهد این رمز عبور را تغییر دهید.\n"
	  HELP("اگر رمز عبور جدید درخواست نکرده‌اید یا به کمک نیاز دارید، با نصاب خود تماس "
	       "بگیرید:", "تلفن", "ایمیل") },

	/* az */
	{ "az", "welcome", "Domofon tətbiqində hesabınız yaradıldı",
	  "Salam, {name}!\n"
	  "\n"
	  "Domofon tətbiqində hesabınız yaradıldı.\n"
	  "\n"
	  "Ev: {room}\n"
	  "Giriş (e-poçt): {login}\n"
	  "Şifrə: {password}\n"
	  "İlk girişdə tətbiq bu şifrəni dəyişməyinizi xahiş edəcək.\n"
	  "\n"
	  FACTS_SIP("SIP nömrəniz", "Ailə SIP nömrəsi")
	  HELP("Köməyə ehtiyacınız olarsa, quraşdırma şirkətinizlə əlaqə saxlayın:",
	       "Telefon", "E-poçt") },
	{ "az", "family_welcome", "Domofon tətbiqində ailə üzvü hesabınız",
	  "Salam, {name}!\n"
	  "\n"
	  "Siz domofon tətbiqindəki hesaba ailə üzvü kimi əlavə olundunuz.\n"
	  "\n"
	  "Hesab sahibi: {master}\n"
	  "Ev: {room}\n"
	  "Giriş (e-poçt): {login}\n"
	  "Şifrə: {password}\n"
	  "İlk girişdə tətbiq bu şifrəni dəyişməyinizi xahiş edəcək.\n"
	  "\n"
	  FACTS_SIP("SIP nömrəniz", "Ailə SIP nömrəsi")
	  HELP("Köməyə ehtiyacınız olarsa, quraşdırma şirkətinizlə əlaqə saxlayın:",
	       "Telefon", "E-poçt") },
	{ "az", "password_reset", "Domofon tətbiqi üçün yeni şifrəniz",
	  "Salam, {name}!\n"
	  "\n"
	  "Domofon tətbiqindəki hesabınız üçün yeni şifrə təyin edildi.\n"
	  "\n"
	  "Giriş (e-poçt): {login}\n"
	  "Yeni şifrə: {password}\n"
	  "Giriş zamanı tətbiq bu şifrəni dəyişməyinizi xahiş edəcək.\n"
	  HELP("Yeni şifrə istəməmisinizsə və ya köməyə ehtiyacınız varsa, quraşdırma "
	       "şirkətinizlə əlaqə saxlayın:", "Telefon", "E-poçt") },
};

const size_t resident_mail_ntemplates =
	sizeof(resident_mail_templates) / sizeof(resident_mail_templates[0]);
