/*
 * seed_demo.c - vestibule-admin seed-demo: made-up residents for an
 * installer, so that the portal's site list and search can be tried and
 * measured on a realistic number of sites (issue 4's benchmark uses 10,000).
 *
 *   seed-demo --installer EMAIL --residents N [--family M]
 *
 * Adds N single-family sites, each with its master identity, and M family
 * members spread over them, at most the 3 free ones per site (so none of them
 * implies a bought Additional App).  The residents are plausible rather than
 * uniform, because list, sort and search costs depend on the spread of the
 * data: names, mobiles, addresses and time zones of some twenty countries,
 * every one of the 20 languages, most sites normal and some inactivated or
 * expired, some with a premium plan, landlines, video storage or smart home,
 * creation times spread over up to two years and rising with the id (as
 * real rows would).  The same installer and run always produce the same data
 * (the generator is seeded from them), so benchmark runs compare.
 *
 * E-mail addresses are resident00001.<installer id>@demo.example (family
 * members: family00001...), reserved for examples by RFC 2606; each run goes
 * on from the installer's highest number, so a second run adds N more.  The
 * identities get no password (password_hash NULL): seeding costs no scrypt,
 * and no demo resident can sign in to the app until a password is sent.
 *
 * Rows are written SEED_BATCH sites (with their family members) per
 * transaction, so a large run neither holds one huge transaction nor pays
 * one commit per row.  The run's single "site.seed" audit row is written in
 * the last transaction; when a batch fails, what earlier batches committed
 * is audited as partial and reported.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "admin.h"

#define SEED_BATCH 500
#define SEED_MAX_RESIDENTS 100000
#define SEED_FAMILY_FREE 3            /* sites.family_free's default */
#define SEED_SPREAD_MS (730LL * 86400 * 1000) /* creation times: two years at most */
#define DAY_MS (86400LL * 1000)

/*
 * One country of the made-up residents.  Word lists keep the table short:
 * names and mobile prefixes are separated by spaces, streets and cities
 * (which contain spaces) by '|'.  First names alternate male, female, and a
 * family name written "m/f" has a form for each (Иванов/Иванова), so that a
 * name reads right.
 */
struct country {
	const char *cc;           /* ITU-T E.164 calling code */
	const char *lang;         /* its usual site language (lang.c's tags) */
	const char *tz;           /* IANA time zone */
	const char *time_format;
	unsigned weight;          /* relative share of the sites */
	unsigned nsn;             /* digits after the calling code */
	unsigned order;           /* name: 0 "First Last", 1 "LastFirst" (zh, ko), 2 "Last First" */
	unsigned addr;            /* address: 0 "12 Street, City", 1 "Street 12, City", 2 "City Street 12" */
	const char *mobile;       /* mobile prefixes after the calling code */
	const char *landline;     /* a landline area code */
	const char *first;
	const char *last;
	const char *streets;
	const char *cities;
};

static const struct country countries[] = {
	{ "+44", "en", "Europe/London", "24h", 22, 10, 0, 0,
	  "7700 7711 7723 7740 7781 7795 7824 7911 7956 7400", "20",
	  "Oliver Amelia George Isla Harry Ava Jack Mia Noah Freya Arthur Grace Leo Lily Oscar Sophie",
	  "Smith Jones Taylor Brown Williams Wilson Johnson Davies Patel Wright Evans Thomas"
	  " Roberts Walker Hughes Green",
	  "High Street|Church Road|Station Road|Victoria Road|Park Lane|Mill Lane|King Street",
	  "London|Manchester|Leeds|Bristol|Glasgow|Cardiff|Leicester|Brighton" },
	{ "+1", "en", "America/New_York", "12h", 8, 10, 0, 0,
	  "201555 212555 310555 415555 617555 702555 305555 503555", "212",
	  "James Olivia Liam Emma Ethan Sophia Mason Isabella Lucas Charlotte Logan Harper",
	  "Miller Garcia Rodriguez Martinez Anderson Jackson White Harris Clark Lewis Young King",
	  "Main Street|Oak Avenue|Maple Drive|Cedar Lane|Elm Street|Washington Avenue",
	  "New York|Boston|Philadelphia|Miami|Atlanta|Pittsburgh" },
	{ "+61", "en", "Australia/Sydney", "12h", 3, 9, 0, 0, "412 423 438 455 466 401", "2",
	  "Jack Charlotte William Olivia Thomas Ruby Henry Matilda",
	  "Nguyen Kelly Murphy Ryan O'Brien Mitchell Campbell Stewart",
	  "George Street|Pitt Street|Beach Road|Bay Street", "Sydney|Newcastle|Wollongong" },
	{ "+886", "zh-Hant", "Asia/Taipei", "24h", 3, 9, 1, 2, "912 928 935 952 988", "2",
	  "志明 淑芬 家豪 怡君 俊傑 雅婷 冠宇 佳穎", "陳 林 黃 張 李 王 吳 劉",
	  "中山路|民生路|忠孝東路|信義路", "台北市|新北市|台中市|高雄市" },
	{ "+852", "zh-Hant", "Asia/Hong_Kong", "24h", 2, 8, 1, 2, "5 6 9", "2",
	  "家明 嘉欣 志偉 詠詩 俊傑 美玲", "陳 李 張 黃 何 梁",
	  "彌敦道|皇后大道|軒尼詩道", "九龍|香港|沙田" },
	{ "+86", "zh-Hans", "Asia/Shanghai", "24h", 4, 11, 1, 2, "138 139 150 186 135 177", "21",
	  "伟 芳 强 娜 磊 静 军 敏", "王 李 张 刘 陈 杨 赵 黄",
	  "人民路|解放路|中山路|建设路", "上海市|北京市|广州市|深圳市" },
	{ "+82", "ko", "Asia/Seoul", "24h", 3, 10, 1, 2, "1012 1023 1034 1099 1055", "2",
	  "민준 서연 도윤 서윤 하준 지우", "김 이 박 최 정 강",
	  "세종대로|테헤란로|올림픽로", "서울|부산|인천" },
	{ "+81", "ja", "Asia/Tokyo", "24h", 3, 10, 2, 2, "7012 8023 9034 9012 8098", "3",
	  "陽翔 結菜 蓮 陽葵 湊 凛", "佐藤 鈴木 高橋 田中 伊藤 渡辺",
	  "中央通り|本町|駅前通り", "東京都|大阪市|横浜市" },
	{ "+90", "tr", "Europe/Istanbul", "24h", 3, 10, 0, 1, "532 533 542 555 505", "212",
	  "Yusuf Zeynep Eymen Elif Mustafa Defne Ömer Asel",
	  "Yılmaz Kaya Demir Şahin Çelik Yıldız Öztürk Aydın",
	  "Atatürk Caddesi|İstiklal Caddesi|Cumhuriyet Caddesi", "İstanbul|Ankara|İzmir" },
	{ "+48", "pl", "Europe/Warsaw", "24h", 3, 9, 0, 1, "501 502 600 691 790", "22",
	  "Jan Zofia Antoni Hanna Jakub Maja Szymon Julia",
	  "Nowak Kowalski/Kowalska Wiśniewski/Wiśniewska Wójcik Kamiński/Kamińska"
	  " Lewandowski/Lewandowska Zieliński/Zielińska Woźniak",
	  "ul. Długa|ul. Polna|ul. Leśna|ul. Marszałkowska", "Warszawa|Kraków|Gdańsk|Wrocław" },
	{ "+7", "ru", "Europe/Moscow", "24h", 3, 10, 0, 1, "903 916 925 985 999", "495",
	  "Александр Анна Дмитрий Мария Максим Софья Иван Елена",
	  "Иванов/Иванова Смирнов/Смирнова Кузнецов/Кузнецова Попов/Попова Соколов/Соколова"
	  " Лебедев/Лебедева",
	  "ул. Ленина|Тверская ул.|ул. Гагарина|Невский пр.", "Москва|Санкт-Петербург|Казань" },
	{ "+34", "es", "Europe/Madrid", "24h", 3, 9, 0, 1, "600 612 655 699 711", "91",
	  "Hugo Lucía Martín Sofía Pablo Martina Daniel Paula",
	  "García Fernández González Rodríguez López Martínez Sánchez Pérez",
	  "Calle Mayor|Gran Vía|Calle de Alcalá|Avenida de la Constitución",
	  "Madrid|Barcelona|Valencia|Sevilla" },
	{ "+52", "es", "America/Mexico_City", "12h", 2, 10, 0, 1, "155 133 181 222 331", "55",
	  "Santiago Valentina Mateo Regina Sebastián Camila",
	  "Hernández García Martínez López González Ramírez",
	  "Avenida Reforma|Calle Hidalgo|Avenida Juárez", "Ciudad de México|Guadalajara|Monterrey" },
	{ "+387", "bs", "Europe/Sarajevo", "24h", 2, 8, 0, 1, "61 62 63 65 66", "33",
	  "Amar Lejla Emir Amina Tarik Sara Haris Ajla",
	  "Hodžić Hadžić Kovačević Delić Begić Mehmedović",
	  "Ferhadija|Maršala Tita|Zmaja od Bosne", "Sarajevo|Mostar|Tuzla|Zenica" },
	{ "+45", "da", "Europe/Copenhagen", "24h", 2, 8, 0, 1, "20 21 30 40 50 60", "33",
	  "William Ida Noah Emma Oscar Alma Lucas Freja",
	  "Nielsen Jensen Hansen Pedersen Andersen Christensen Larsen Sørensen",
	  "Strøget|Nørrebrogade|Vesterbrogade|Østergade", "København|Aarhus|Odense|Aalborg" },
	{ "+84", "vi", "Asia/Ho_Chi_Minh", "24h", 2, 9, 2, 0, "90 91 98 97 86", "28",
	  "Minh Anh Huy Linh Khang Ngọc Bảo Thảo",
	  "Nguyễn Trần Lê Phạm Hoàng Phan Vũ Đặng",
	  "Lê Lợi|Nguyễn Huệ|Trần Hưng Đạo|Hai Bà Trưng", "Hà Nội|TP Hồ Chí Minh|Đà Nẵng" },
	{ "+33", "fr", "Europe/Paris", "24h", 4, 9, 0, 0, "6 7", "1",
	  "Gabriel Louise Léo Ambre Raphaël Jade Arthur Emma",
	  "Martin Bernard Dubois Thomas Robert Richard Petit Durand Lefèvre Moreau",
	  "rue de la République|avenue Victor Hugo|rue Pasteur|boulevard Voltaire",
	  "Paris|Lyon|Marseille|Toulouse|Nantes" },
	{ "+351", "pt", "Europe/Lisbon", "24h", 2, 9, 0, 1, "91 92 93 96", "21",
	  "Francisco Maria Afonso Leonor João Matilde Tomás Beatriz",
	  "Silva Santos Ferreira Pereira Oliveira Costa Rodrigues Martins",
	  "Rua Augusta|Avenida da Liberdade|Rua de Santa Catarina", "Lisboa|Porto|Braga|Coimbra" },
	{ "+55", "pt", "America/Sao_Paulo", "24h", 3, 11, 0, 1, "119 219 319 419 519", "113",
	  "Miguel Helena Arthur Alice Heitor Laura Davi Manuela",
	  "Souza Lima Carvalho Almeida Ribeiro Gomes Barbosa Rocha",
	  "Avenida Paulista|Rua Oscar Freire|Rua das Flores",
	  "São Paulo|Rio de Janeiro|Belo Horizonte|Curitiba" },
	{ "+49", "de", "Europe/Berlin", "24h", 5, 11, 0, 1, "151 152 160 170 176 177", "30",
	  "Noah Emilia Ben Mia Paul Hannah Finn Emma Elias Sophia",
	  "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann",
	  "Hauptstraße|Bahnhofstraße|Schulstraße|Gartenstraße|Dorfstraße",
	  "Berlin|Hamburg|München|Köln|Frankfurt am Main" },
	{ "+39", "it", "Europe/Rome", "24h", 3, 10, 0, 1, "320 333 347 366 380", "06",
	  "Leonardo Sofia Francesco Aurora Alessandro Giulia Lorenzo Ginevra",
	  "Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci",
	  "Via Roma|Via Garibaldi|Corso Vittorio Emanuele|Via Dante", "Roma|Milano|Napoli|Torino" },
	{ "+380", "uk", "Europe/Kyiv", "24h", 2, 9, 0, 1, "50 63 67 68 93 97", "44",
	  "Артем Софія Максим Анна Марк Марія Богдан Вікторія",
	  "Шевченко Коваленко Бондаренко Ткаченко Кравченко Мельник Бойко Іваненко",
	  "вул. Хрещатик|вул. Шевченка|просп. Перемоги", "Київ|Львів|Одеса|Харків" },
	{ "+972", "he", "Asia/Jerusalem", "24h", 2, 9, 0, 1, "50 52 53 54 58", "3",
	  "דוד נועה יוסף מאיה אריאל תמר איתי שירה",
	  "כהן לוי מזרחי פרץ ביטון דהן אברהם פרידמן",
	  "רחוב הרצל|שדרות רוטשילד|רחוב יפו|רחוב ויצמן", "תל אביב|ירושלים|חיפה" },
	{ "+98", "fa", "Asia/Tehran", "24h", 2, 10, 0, 1, "912 919 935 901", "21",
	  "محمد فاطمه علی زهرا حسین مریم رضا سارا",
	  "محمدی حسینی احمدی رضایی موسوی کریمی",
	  "خیابان ولیعصر|خیابان انقلاب|خیابان آزادی", "تهران|اصفهان|شیراز|مشهد" },
	{ "+994", "az", "Asia/Baku", "24h", 2, 9, 0, 1, "50 51 55 70 77", "12",
	  "Əli Zəhra Hüseyn Fatimə Murad Leyla Tural Aysel",
	  "Məmmədov/Məmmədova Əliyev/Əliyeva Həsənov/Həsənova Hüseynov/Hüseynova"
	  " Quliyev/Quliyeva",
	  "Nizami küçəsi|Füzuli küçəsi|Neftçilər prospekti", "Bakı|Gəncə|Sumqayıt" },
};

/* The 20 site languages (lang.c's site_language_choices, which lives in the
 * sites program): residents who do not use their country's language. */
static const char *const languages[] = {
	"en", "zh-Hant", "zh-Hans", "ko", "ja", "tr", "pl", "ru", "es", "bs",
	"da", "vi", "fr", "pt", "de", "it", "uk", "he", "fa", "az",
};

/* Room names as they are written on a door: "Flat 12B", "House 7". */
static const char room_words[] = "Flat|House|Apt|Unit|Villa|No.";

/* One run: what every batch needs. */
struct seed_run {
	struct vb_db *db;
	int64_t installer;
	uint64_t rng;           /* xorshift64* state, never 0 */
	int64_t now_ms;         /* the database's clock when the run began */
	int64_t start_ms;       /* creation times fall in (start_ms, now_ms] */
	long residents;
	long next_resident;     /* e-mail numbers: the next free ones */
	long next_family;
	unsigned char *family;  /* family members planned per site */
	unsigned total_weight;
	/* what committed batches hold */
	long sites_done, family_done;
	int64_t first_site, last_site;
};

/* rnd returns a pseudo-random number in [0, n) (n > 0): xorshift64*, which is
 * plenty for made-up data and repeatable from its seed. */
static uint64_t rnd(struct seed_run *r, uint64_t n)
{
	r->rng ^= r->rng >> 12;
	r->rng ^= r->rng << 25;
	r->rng ^= r->rng >> 27;
	return (r->rng * 2685821657736338717ULL >> 11) % n;
}

/* chance is true pct times in 100. */
static int chance(struct seed_run *r, unsigned pct)
{
	return rnd(r, 100) < pct;
}

/*
 * word copies word k (modulo the number of words) of list, whose words are
 * separated by sep, into out (cap bytes, always terminated), and returns how
 * many words list has.  The lists are literals above, so every word fits.
 */
static unsigned word(const char *list, char sep, unsigned k, char *out, size_t cap)
{
	const char *p = list, *end;
	unsigned n = 1, i;
	size_t len;

	for (end = list; *end; end++)
		if (*end == sep)
			n++;
	k %= n;
	for (i = 0; i < k; i++)
		p = strchr(p, sep) + 1;
	end = strchr(p, sep);
	len = end ? (size_t)(end - p) : strlen(p);
	if (len >= cap)
		len = cap - 1;
	memcpy(out, p, len);
	out[len] = '\0';
	return n;
}

/* pick copies a random word of list into out. */
static void pick(struct seed_run *r, const char *list, char sep, char *out, size_t cap)
{
	unsigned n = word(list, sep, 0, out, cap);

	word(list, sep, (unsigned)rnd(r, n), out, cap);
}

/* family_form keeps the male (female = 0) or female form of a family name
 * written "m/f"; a name without '/' has one form. */
static void family_form(char *last, int female)
{
	char *slash = strchr(last, '/');

	if (!slash)
		return;
	if (female)
		memmove(last, slash + 1, strlen(slash + 1) + 1);
	else
		*slash = '\0';
}

/*
 * person_name writes a full name of country c in its usual order into out
 * (cap bytes), with the family name last_k (index into c->last) and a random
 * first name.
 */
static void person_name(struct seed_run *r, const struct country *c, unsigned last_k,
			char *out, size_t cap)
{
	char first[64], last[96];
	unsigned n = word(c->first, ' ', 0, first, sizeof first), k = (unsigned)rnd(r, n);

	word(c->first, ' ', k, first, sizeof first);
	word(c->last, ' ', last_k, last, sizeof last);
	family_form(last, k % 2);
	if (c->order == 1)
		snprintf(out, cap, "%s%s", last, first);
	else if (c->order == 2)
		snprintf(out, cap, "%s %s", last, first);
	else
		snprintf(out, cap, "%s %s", first, last);
}

/* phone writes an E.164 number of country c: its calling code, then prefix,
 * then random digits up to the country's length (ITU-T E.164). */
static void phone(struct seed_run *r, const struct country *c, const char *prefix, char *out,
		  size_t cap)
{
	int n = snprintf(out, cap, "%s%s", c->cc, prefix);
	size_t len = n < 0 ? 0 : (size_t)n < cap ? (size_t)n : cap - 1;
	size_t want = strlen(c->cc) + c->nsn;

	while (len < want && len + 1 < cap)
		out[len++] = (char)('0' + rnd(r, 10));
	out[len] = '\0';
}

/* mobile writes a mobile number of country c into out. */
static void mobile(struct seed_run *r, const struct country *c, char *out, size_t cap)
{
	char prefix[16];

	pick(r, c->mobile, ' ', prefix, sizeof prefix);
	phone(r, c, prefix, out, cap);
}

/* when formats epoch milliseconds as a DATETIME(3) literal into out (which
 * holds 32 bytes) and returns out. */
static const char *when(int64_t ms, char out[32])
{
	time_t s = (time_t)(ms / 1000);
	struct tm tm;
	size_t len;

	gmtime_r(&s, &tm);
	len = strftime(out, 32, "%Y-%m-%d %H:%M:%S", &tm);
	snprintf(out + len, 32 - len, ".%03d", (int)(ms % 1000));
	return out;
}

/* between returns a random time in [from, to] (from <= to). */
static int64_t between(struct seed_run *r, int64_t from, int64_t to)
{
	return from + (int64_t)rnd(r, (uint64_t)(to - from) + 1);
}

/* country_pick draws a country by weight. */
static const struct country *country_pick(struct seed_run *r)
{
	unsigned x = (unsigned)rnd(r, r->total_weight);
	size_t k;

	for (k = 0; k + 1 < VB_NITEMS(countries) && x >= countries[k].weight; k++)
		x -= countries[k].weight;
	return &countries[k];
}

/* dup_err prints the message for a taken e-mail address when the last
 * failure was one; the unique key on resident e-mail decides. */
static void dup_err(struct seed_run *r, const char *email)
{
	if (vb_db_errno(r->db) == VB_DB_ER_DUP_ENTRY)
		admin_err("seed-demo: the e-mail address %s is already used by a resident", email);
}

/*
 * seed_family inserts one family member of site site_id (country c, family
 * name last_k, the site created at created_ms) with its identity.  Returns 0
 * or -1.
 */
static int seed_family(struct seed_run *r, int64_t site_id, const struct country *c,
		       unsigned last_k, int64_t created_ms)
{
	char name[160], email[96], mob[24], t_created[32], t_app[32];
	const char *cc = "";
	int has_email = chance(r, 75), has_mobile = !has_email || chance(r, 70);
	int64_t at = between(r, created_ms, r->now_ms), identity;

	person_name(r, c, last_k, name, sizeof name);
	snprintf(email, sizeof email, "family%05ld.%lld@demo.example", r->next_family,
		 (long long)r->installer);
	mob[0] = '\0';
	if (has_mobile) {
		mobile(r, c, mob, sizeof mob);
		cc = c->cc;
	}
	when(at, t_created);
	if (vb_db_exec(r->db, NULL,
		       "INSERT INTO resident_identities (installer_id, kind, email, country_code,"
		       " mobile, password_hash, created_at, updated_at)"
		       " VALUES (?, 'family', ?, ?, ?, NULL, ?, ?)",
		       "isssss", r->installer, has_email ? email : NULL, cc, mob, t_created,
		       t_created) < 0) {
		dup_err(r, email);
		return -1;
	}
	identity = vb_db_last_id(r->db);
	if (vb_db_exec(r->db, NULL,
		       "INSERT INTO family_members (installer_id, site_id, identity_id, name, email,"
		       " country_code, mobile, sip_number, paid, app_registered_at, created_at,"
		       " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, NEXT VALUE FOR sip_number_seq, 0,"
		       " ?, ?, ?)",
		       "iiisssssss", r->installer, site_id, identity, name, has_email ? email : "",
		       cc, mob,
		       chance(r, 60) ? when(between(r, at, r->now_ms), t_app) : NULL, t_created,
		       t_created) < 0)
		return -1;
	if (has_email)
		r->next_family++;
	return 0;
}

/*
 * seed_site inserts site number k of the run (0-based) with its master
 * identity and its planned family members.  Returns 0 or -1.
 */
static int seed_site(struct seed_run *r, long k)
{
	const struct country *c = country_pick(r);
	char name[160], room[48], email[96], mob[24], addr[256], street[96], city[64];
	char land[3][24], t_created[32], t_exp[32], t_prem[32], t_trial[32], t_smart[32];
	char t_app[32], letter[2] = "";
	size_t len;
	const char *cc = "", *status, *lang, *plan = NULL, *exp = NULL, *prem_exp = NULL;
	const char *trial = NULL, *smart_since = NULL, *app = NULL;
	unsigned last_k = (unsigned)rnd(r, 64), num = 1 + (unsigned)rnd(r, 180), f, nland;
	int premium = chance(r, 15), video = chance(r, 6), smart = chance(r, 5), x;
	int64_t days = VB_DB_NULL_INT, count = VB_DB_NULL_INT, identity, site;
	/* Rising with k: the newest site has the highest id, as in real use. */
	int64_t created = r->start_ms + (r->now_ms - r->start_ms) * (k + 1) / r->residents;

	when(created, t_created);
	person_name(r, c, last_k, name, sizeof name);
	pick(r, room_words, '|', room, sizeof room);
	letter[0] = chance(r, 30) ? (char)('A' + rnd(r, 4)) : '\0';
	len = strlen(room);
	snprintf(room + len, sizeof room - len, " %u%s", num, letter);
	snprintf(email, sizeof email, "resident%05ld.%lld@demo.example", r->next_resident,
		 (long long)r->installer);
	mob[0] = '\0';
	if (chance(r, 92)) {
		mobile(r, c, mob, sizeof mob);
		cc = c->cc;
	}
	pick(r, c->streets, '|', street, sizeof street);
	pick(r, c->cities, '|', city, sizeof city);
	if (c->addr == 0)
		snprintf(addr, sizeof addr, "%u %s, %s", num, street, city);
	else if (c->addr == 1)
		snprintf(addr, sizeof addr, "%s %u, %s", street, num, city);
	else
		snprintf(addr, sizeof addr, "%s %s %u", city, street, num);
	/* Some residents do not use their country's language; every one of the
	 * 20 appears. */
	lang = chance(r, 85) ? c->lang : languages[rnd(r, VB_NITEMS(languages))];
	nland = chance(r, 30) ? 1 + (unsigned)rnd(r, 3) : 0;
	for (f = 0; f < 3; f++) {
		land[f][0] = '\0';
		if (f < nland)
			phone(r, c, c->landline, land[f], sizeof land[f]);
	}
	x = (int)rnd(r, 100);
	if (x < 84) {
		status = "normal";
		if (chance(r, 70))
			exp = when(between(r, r->now_ms + 30 * DAY_MS, r->now_ms + 730 * DAY_MS), t_exp);
	} else if (x < 92) {
		status = "inactivated";
	} else {
		status = "expired";
		exp = when(between(r, created, r->now_ms), t_exp);
	}
	if (premium)
		prem_exp = when(between(r, r->now_ms + DAY_MS, r->now_ms + 365 * DAY_MS), t_prem);
	if (video) {
		/* Both plans begin with 7 free days (the sites API's rule). */
		plan = chance(r, 30) ? "trial" : "subscription";
		days = strcmp(plan, "trial") == 0 ? 30 : 30 * (1 + (int64_t)rnd(r, 3));
		count = 1 + (int64_t)rnd(r, 2);
		trial = when(created + 7 * DAY_MS, t_trial);
	}
	if (smart)
		smart_since = when(between(r, created, r->now_ms), t_smart);
	if (chance(r, 65))
		app = when(between(r, created, r->now_ms), t_app);

	if (vb_db_exec(r->db, NULL,
		       "INSERT INTO resident_identities (installer_id, kind, email, country_code,"
		       " mobile, password_hash, created_at, updated_at)"
		       " VALUES (?, 'master', ?, ?, ?, NULL, ?, ?)",
		       "isssss", r->installer, email, cc, mob, t_created, t_created) < 0) {
		dup_err(r, email);
		return -1;
	}
	identity = vb_db_last_id(r->db);
	/* MariaDB evaluates each NEXT VALUE FOR of a statement separately (the
	 * SQL standard would give one value per row), so the two numbers
	 * differ; both come from the platform-wide sequence like vb_sip_next's,
	 * without two more round trips per site. */
	if (vb_db_exec(r->db, NULL,
		       "INSERT INTO sites (installer_id, identity_id, name, room_name, email,"
		       " country_code, mobile, address, call_mode, time_zone, language, time_format,"
		       " landline1, landline2, landline3, premium_plan, premium_expires_at,"
		       " landline_service, with_indoor_monitor, status, expires_at, video_storage,"
		       " video_plan, video_days, video_device_count, video_audio, video_trial_ends_at,"
		       " smart_home, smart_home_since, family_count, family_sip_number, sip_number,"
		       " app_registered_at, created_at, updated_at)"
		       " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
		       " ?, ?, ?, ?, ?, ?, NEXT VALUE FOR sip_number_seq,"
		       " NEXT VALUE FOR sip_number_seq, ?, ?, ?)",
		       "iisssssssssssssbsbbssbsIIbsbsisss",
		       r->installer, identity, name, room, email, cc, mob, addr,
		       chance(r, 90) ? "sip" : "ip", c->tz, lang, c->time_format,
		       land[0], land[1], land[2], premium, prem_exp, premium && chance(r, 50),
		       chance(r, 40), status, exp, video, plan, days, count, video && chance(r, 50),
		       trial, smart, smart_since, (int64_t)r->family[k], app, t_created,
		       t_created) < 0)
		return -1;
	site = vb_db_last_id(r->db);
	for (f = 0; f < r->family[k]; f++)
		if (seed_family(r, site, c, last_k, created) < 0)
			return -1;
	r->next_resident++;
	if (!r->first_site)
		r->first_site = site;
	r->last_site = site;
	return 0;
}

/*
 * plan_family spreads m family members over the run's sites, at most
 * SEED_FAMILY_FREE per site (m <= 3 * residents was checked): random sites,
 * falling back to the next one with room, so most sites have none, one or
 * two and the scan always ends.  Returns 0 or -1 (out of memory).
 */
static int plan_family(struct seed_run *r, long m)
{
	long j, k;
	int tries;

	r->family = calloc((size_t)r->residents, 1);
	if (!r->family) {
		admin_err("seed-demo: out of memory");
		return -1;
	}
	for (j = 0; j < m; j++) {
		k = (long)rnd(r, (uint64_t)r->residents);
		for (tries = 0; tries < 4 && r->family[k] >= SEED_FAMILY_FREE; tries++)
			k = (long)rnd(r, (uint64_t)r->residents);
		while (r->family[k] >= SEED_FAMILY_FREE)
			k = (k + 1) % r->residents;
		r->family[k]++;
	}
	return 0;
}

/* seed_audit writes the run's "site.seed" row (nobody is signed in: actor
 * NULL, via vestibule-admin) into the open transaction. */
static int seed_audit(struct seed_run *r, int partial)
{
	json_object *d = json_object_new_object();
	int rc = -1;

	if (!d)
		goto out;
	json_object_object_add(d, "via", json_object_new_string("vestibule-admin"));
	json_object_object_add(d, "sites", json_object_new_int64(r->sites_done));
	json_object_object_add(d, "family_members", json_object_new_int64(r->family_done));
	json_object_object_add(d, "first_site_id", json_object_new_int64(r->first_site));
	json_object_object_add(d, "last_site_id", json_object_new_int64(r->last_site));
	if (partial)
		json_object_object_add(d, "partial", json_object_new_boolean(1));
	rc = vb_db_exec(r->db, NULL,
			"INSERT INTO audit_log (actor_id, account_id, tenant_id, action, object_type,"
			" object_id, detail) VALUES (NULL, NULL, ?, 'site.seed', 'site', NULL, ?)",
			"is", r->installer, json_object_to_json_string_ext(d, JSON_C_TO_STRING_PLAIN));
out:
	json_object_put(d);
	if (rc < 0)
		admin_err("seed-demo: cannot write the audit row");
	return rc;
}

/* seed_start reads the installer's next free e-mail numbers and the time span
 * for creation times: after the installer's newest site, so that a second
 * run's sites are newer (and have higher ids) than the first's. */
static int seed_start(struct seed_run *r)
{
	int64_t v = 0, last = 0;
	int found = 0;
	char pattern[64];

	/* resident00042.<id>@demo.example -> 42 */
	snprintf(pattern, sizeof pattern, "%%.%lld@demo.example", (long long)r->installer);
	if (vb_db_query_int(r->db, &v, &found,
			    "SELECT MAX(CAST(SUBSTRING_INDEX(SUBSTRING(email, 9), '.', 1) AS UNSIGNED))"
			    " FROM resident_identities WHERE installer_id = ? AND kind = 'master'"
			    " AND email LIKE 'resident%' AND email LIKE ?",
			    "is", r->installer, pattern) < 0)
		return -1;
	r->next_resident = found ? v + 1 : 1;
	if (vb_db_query_int(r->db, &v, &found,
			    "SELECT MAX(CAST(SUBSTRING_INDEX(SUBSTRING(email, 7), '.', 1) AS UNSIGNED))"
			    " FROM resident_identities WHERE installer_id = ? AND kind = 'family'"
			    " AND email LIKE 'family%' AND email LIKE ?",
			    "is", r->installer, pattern) < 0)
		return -1;
	r->next_family = found ? v + 1 : 1;
	if (vb_db_query_int(r->db, &r->now_ms, &found,
			    "SELECT CAST(UNIX_TIMESTAMP(UTC_TIMESTAMP(3)) * 1000 AS SIGNED)", "") < 0 ||
	    !found)
		return -1;
	if (vb_db_query_int(r->db, &last, &found,
			    "SELECT CAST(UNIX_TIMESTAMP(MAX(created_at)) * 1000 AS SIGNED)"
			    " FROM sites WHERE installer_id = ?", "i", r->installer) < 0)
		return -1;
	r->start_ms = r->now_ms - SEED_SPREAD_MS;
	if (found && last >= r->start_ms)
		r->start_ms = last < r->now_ms ? last : r->now_ms;
	return 0;
}

/*
 * seed_batch writes sites [k, end) of the run in one transaction (with the
 * run's audit row when it is the last batch) and counts them as done once
 * committed.  On failure the batch is rolled back, the run's e-mail numbers
 * are put back, and -1 is returned.
 */
static int seed_batch(struct seed_run *r, long k, long end)
{
	long next_resident = r->next_resident, next_family = r->next_family, fam = 0, i;
	int64_t first_site = r->first_site, last_site = r->last_site;

	if (vb_db_begin(r->db) < 0)
		goto fail;
	for (i = k; i < end; i++) {
		if (seed_site(r, i) < 0)
			goto fail;
		fam += r->family[i];
	}
	r->sites_done += end - k;
	r->family_done += fam;
	if ((end == r->residents && seed_audit(r, 0) < 0) || vb_db_commit(r->db) < 0) {
		r->sites_done -= end - k;
		r->family_done -= fam;
		goto fail;
	}
	return 0;
fail:
	if (vb_db_in_tx(r->db))
		vb_db_rollback(r->db);
	r->next_resident = next_resident;
	r->next_family = next_family;
	r->first_site = first_site;
	r->last_site = last_site;
	return -1;
}

int admin_seed_demo(struct admin *a, int argc, char **argv)
{
	const char *inst = NULL, *sn = NULL, *sm = NULL, *role;
	const struct admin_opt opts[] = {
		{ "installer", &inst, 0 },
		{ "residents", &sn, 0 },
		{ "family", &sm, 0 },
	};
	char norm[VB_NORM_MAX];
	json_object *acct = NULL;
	struct seed_run r;
	long m = 0, k, first;
	size_t c;
	int rc = ADMIN_FAIL;

	memset(&r, 0, sizeof r);
	if (admin_opts("seed-demo", argc, argv, opts, VB_NITEMS(opts)) < 0)
		return ADMIN_USAGE;
	if (!inst || !sn) {
		admin_err("seed-demo: --installer and --residents are required");
		return ADMIN_USAGE;
	}
	if (admin_count("seed-demo", "residents", sn, 1, SEED_MAX_RESIDENTS, &r.residents) < 0 ||
	    (sm && admin_count("seed-demo", "family", sm, 0, SEED_FAMILY_FREE * r.residents, &m) < 0))
		return ADMIN_USAGE;
	if (vb_valid_email(inst, norm) < 0) {
		admin_err("seed-demo: invalid e-mail address '%s'", inst);
		return ADMIN_USAGE;
	}
	if (admin_connect(a) < 0)
		return ADMIN_FAIL;
	r.db = a->db;
	if (vb_db_query_row(a->db, &acct, "SELECT id, role FROM accounts WHERE email = ?", "s",
			    norm) < 0)
		goto out;
	if (!acct) {
		admin_err("seed-demo: no account with the e-mail address %s", norm);
		goto out;
	}
	role = vb_row_str(acct, "role");
	if (!role || strcmp(role, "installer") != 0) {
		admin_err("seed-demo: %s is a %s account; sites belong to an installer", norm,
			  role ? role : "unknown");
		goto out;
	}
	r.installer = vb_row_int(acct, "id");
	if (seed_start(&r) < 0)
		goto out;
	first = r.next_resident;
	r.rng = 0x9E3779B97F4A7C15ULL ^ ((uint64_t)r.installer << 32) ^ (uint64_t)first;
	for (c = 0; c < VB_NITEMS(countries); c++)
		r.total_weight += countries[c].weight;
	if (plan_family(&r, m) < 0)
		goto out;

	for (k = 0; k < r.residents; k += SEED_BATCH) {
		if (seed_batch(&r, k, k + SEED_BATCH < r.residents ? k + SEED_BATCH :
			       r.residents) == 0)
			continue;
		/* What earlier batches committed stays, and is audited as such. */
		if (r.sites_done > 0) {
			if (vb_db_begin(a->db) < 0 || seed_audit(&r, 1) < 0 ||
			    vb_db_commit(a->db) < 0)
				admin_err("seed-demo: the partial run is not in the audit log");
			admin_err("seed-demo: stopped after creating %ld sites, %ld family members",
				  r.sites_done, r.family_done);
		}
		goto out;
	}
	printf("created %ld sites, %ld family members\n", r.sites_done, r.family_done);
	printf("e-mail addresses resident%05ld.%lld@demo.example .. resident%05ld.%lld@demo.example"
	       " (no passwords)\n", first, (long long)r.installer, r.next_resident - 1,
	       (long long)r.installer);
	rc = ADMIN_OK;
out:
	if (a->db && vb_db_in_tx(a->db))
		vb_db_rollback(a->db);
	json_object_put(acct);
	free(r.family);
	return rc;
}
