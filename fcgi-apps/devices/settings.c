/*
 * settings.c - the rules create and edit of an intercom device share
 * (rules 3 to 7 of the contract): the model and its type, the settings of
 * the device's type, the nested relays, security relay, built-in and
 * external relays and push buttons item by item, what the model and its
 * firmware can do, internet access and the RTSP path.
 *
 * A device's settable state is a JSON object with the DEVICE object's keys
 * for its type and model (settable_keys), so a new device starts from the
 * defaults and an edited one from its DEVICE object, the request is applied
 * on top the same way, the rules read the state that results, and what
 * changed is a comparison of two objects.  store.c writes a state.
 */
#include <stdio.h>
#include <string.h>

#include "devices.h"

/* The types as bits, for the settings that belong to some of them. */
enum { T_DOOR_PHONE = 1, T_ACCESS = 2, T_INDOOR = 4, T_GUARD = 8 };
#define T_DOORISH (T_DOOR_PHONE | T_ACCESS | T_GUARD)

static const struct {
	const char *type;
	unsigned bit;
	const char *one, *many;  /* for messages */
} types[] = {
	{ "door_phone", T_DOOR_PHONE, "a door phone", "door phones" },
	{ "access_control", T_ACCESS, "an access control terminal", "access control terminals" },
	{ "indoor_monitor", T_INDOOR, "an indoor monitor", "indoor monitors" },
	{ "guard_phone", T_GUARD, "a guard phone", "guard phones" },
};

/* Rule 4: the request fields only some types have, in the route's order.
 * push_buttons is not here: it depends on the model (422 expansion_unsupported). */
static const struct {
	const char *key;
	unsigned types;
} type_keys[] = {
	{ "allow_monitoring", T_DOORISH }, { "internet_access", T_DOORISH }, { "ip", T_DOORISH },
	{ "rtsp_path", T_DOORISH }, { "relays", T_DOORISH }, { "security_relay", T_DOOR_PHONE },
	{ "arming", T_INDOOR }, { "builtin_relay", T_INDOOR }, { "external_relay", T_INDOOR },
};

static const char *const method_choices[] = {
	"pin", "rf_card", "face", "bluetooth", "nfc", "qr_code", NULL,
};
static const char *const ext_type_choices[] = { "MK485-G2R-8J8C V3.0", "HF-8000", NULL };
static const char *const ext_mode_choices[] = {
	"rs485", "rs485_input_non_latching", "rs485_input_latching", "ethernet", NULL,
};
static const char *const function_choices[] = {
	"door", "light", "curtain", "alarm", "appliance", "other", NULL,
};
static const char *const module_choices[] = { "MD06", "MD12", NULL };
static const char *const call_choices[] = {
	"apps_and_monitors", "apps", "indoor_monitors", "none", NULL,
};

/* The nested items.  An object sent where the device has none yet must be
 * whole (the _new lists); sent onto an existing one, its absent keys keep
 * their values (the _edit lists): only the keys sent change. */
static const struct vb_field relay_fields[] = {
	{ "name", VB_STR, VB_REQUIRED, 1, 32, NULL },
	{ "dtmf", VB_STR, 0, 1, 4, NULL },
	{ "access_methods", VB_STRLIST, 0, 0, 6, NULL },
	{ "home_page", VB_BOOL, 0, 0, 0, NULL },
	{ "talking_page", VB_BOOL, 0, 0, 0, NULL },
	VB_FIELDS_END,
};

#define SR_FIELDS(req) \
	{ "name", VB_STR, 0, 1, 32, NULL }, \
	{ "dtmf", VB_STR, req, 1, 4, NULL }
static const struct vb_field sr_new_fields[] = { SR_FIELDS(VB_REQUIRED), VB_FIELDS_END };
static const struct vb_field sr_edit_fields[] = { SR_FIELDS(0), VB_FIELDS_END };

static const struct vb_field builtin_fields[] = {
	{ "enabled", VB_BOOL, 0, 0, 0, NULL },
	{ "name", VB_STR, 0, 1, 32, NULL },
	VB_FIELDS_END,
};

#define EXT_FIELDS(req) \
	{ "type", VB_ENUM, req, 0, 0, ext_type_choices }, \
	{ "mode", VB_ENUM, req, 0, 0, ext_mode_choices }, \
	{ "ip", VB_IPV4, VB_NULLABLE, 0, 0, NULL }, \
	{ "port", VB_PORT, VB_NULLABLE, 0, 0, NULL }, \
	{ "relays", VB_OBJLIST, req, 1, EXT_RELAY_MAX_MK485, NULL }
static const struct vb_field ext_new_fields[] = { EXT_FIELDS(VB_REQUIRED), VB_FIELDS_END };
static const struct vb_field ext_edit_fields[] = { EXT_FIELDS(0), VB_FIELDS_END };

static const struct vb_field ext_relay_fields[] = {
	{ "name", VB_STR, VB_REQUIRED, 1, 32, NULL },
	{ "function", VB_ENUM, 0, 0, 0, function_choices },
	VB_FIELDS_END,
};

/* The most buttons of any module (MD12); the module's own count is rule 6. */
#define PUSH_MAX_BUTTONS 12
#define PUSH_FIELDS(req) \
	{ "module", VB_ENUM, req, 0, 0, module_choices }, \
	{ "buttons", VB_OBJLIST, 0, 0, PUSH_MAX_BUTTONS, NULL }
static const struct vb_field push_new_fields[] = { PUSH_FIELDS(VB_REQUIRED), VB_FIELDS_END };
static const struct vb_field push_edit_fields[] = { PUSH_FIELDS(0), VB_FIELDS_END };

static const struct vb_field button_fields[] = {
	{ "label", VB_STR, VB_REQUIRED, 1, 32, NULL },
	{ "call", VB_ENUM, 0, 0, 0, call_choices },
	VB_FIELDS_END,
};

/* The most fields of any item list above, for the vals arrays. */
#define ITEM_MAX_FIELDS 6

/* The settable DEVICE keys, in DEVICE order: what a state holds (those of
 * the type and model) and what an edit compares. */
static const char *const settable_keys[] = {
	"model", "mac", "name", "firmware", "allow_monitoring", "internet_access", "ip",
	"rtsp_path", "relays", "security_relay", "push_buttons", "arming", "builtin_relay",
	"external_relay", NULL,
};

/* A catalogue row (device_models). */
struct dev_model {
	int64_t id;
	char model[33];
	char type[16];
	int64_t relays;
	int access;       /* 0: no firmware binds methods; 1: any; 2: from min */
	char min[33];
	int security_relay, external_relay, expansion;
};

/* type_bit returns type's bit, 0 for an unknown type. */
static unsigned type_bit(const char *type)
{
	size_t i;

	for (i = 0; i < VB_NITEMS(types); i++)
		if (strcmp(types[i].type, type) == 0)
			return types[i].bit;
	return 0;
}

/* type_name returns "a door phone" (one) or "door phones" for type. */
static const char *type_name(const char *type, int many)
{
	size_t i;

	for (i = 0; i < VB_NITEMS(types); i++)
		if (strcmp(types[i].type, type) == 0)
			return many ? types[i].many : types[i].one;
	return type;
}

/* ANSWER writes a 4xx into resp and is 1: "answered" in the rules' returns. */
#define ANSWER(...) (vb_err(resp, __VA_ARGS__), 1)

static int st_set_str(json_object *st, const char *key, const char *s)
{
	json_object *v = NULL;

	if (s != NULL && (v = json_object_new_string(s)) == NULL)
		return -1;
	return json_object_object_add(st, key, v);
}

static int st_set_bool(json_object *st, const char *key, int b)
{
	return json_object_object_add(st, key, json_object_new_boolean(b));
}

/* st_get returns st's value under key (borrowed), NULL when null or absent. */
static json_object *st_get(json_object *st, const char *key)
{
	json_object *v = NULL;

	json_object_object_get_ex(st, key, &v);
	return v;
}

/*
 * model_find reads model name from the catalogue into *m.  Returns 1 when
 * found, 0 when there is no such model, -1 on failure.  The catalogue's
 * collation ignores case, so "s539" is the S539; *m has its own spelling.
 */
static int model_find(struct vb_req *req, const char *name, struct dev_model *m)
{
	json_object *row = NULL;
	const char *min;

	if (vb_db_query_row(req->db, &row,
			    "SELECT id, model, type, builtin_relays, relay_access_min_firmware, "
			    "external_relay, expansion_modules, security_relay FROM device_models "
			    "WHERE model = ?", "s", name) < 0)
		return -1;
	if (row == NULL)
		return 0;
	memset(m, 0, sizeof(*m));
	m->id = vb_row_int(row, "id");
	snprintf(m->model, sizeof(m->model), "%s", vb_row_str(row, "model"));
	snprintf(m->type, sizeof(m->type), "%s", vb_row_str(row, "type"));
	m->relays = vb_row_int(row, "builtin_relays");
	min = vb_row_str(row, "relay_access_min_firmware");
	m->access = min == NULL ? 0 : min[0] == '\0' ? 1 : 2;
	snprintf(m->min, sizeof(m->min), "%s", min != NULL ? min : "");
	m->security_relay = vb_row_bool(row, "security_relay");
	m->external_relay = vb_row_bool(row, "external_relay");
	m->expansion = vb_row_bool(row, "expansion_modules");
	json_object_put(row);
	return 1;
}

/* relay_new builds a relay item.  methods is consumed (NULL = []).  NULL
 * when out of memory. */
static json_object *relay_new(const char *name, const char *dtmf, json_object *methods, int home,
			      int talking)
{
	json_object *r = json_object_new_object();

	if (methods == NULL)
		methods = json_object_new_array();
	if (r == NULL || methods == NULL) {
		json_object_put(r);
		json_object_put(methods);
		return NULL;
	}
	st_set_str(r, "name", name);
	st_set_str(r, "dtmf", dtmf);
	json_object_object_add(r, "access_methods", methods);
	st_set_bool(r, "home_page", home);
	st_set_bool(r, "talking_page", talking);
	return r;
}

/*
 * state_base builds the state the request applies to: the settable keys of
 * cur (a DEVICE object; deep copies, so the state can change), or the
 * contract's defaults of a new device of type.  *out is owned by the caller.
 * Returns 0 or -1.
 */
static int state_base(const char *type, json_object *cur, json_object **out)
{
	json_object *st = json_object_new_object(), *v, *relays;
	size_t i;

	*out = NULL;
	if (st == NULL)
		return -1;
	if (cur != NULL) {
		for (i = 0; settable_keys[i] != NULL; i++) {
			json_object *copy = NULL;

			if (!json_object_object_get_ex(cur, settable_keys[i], &v))
				continue;
			if (v != NULL && json_object_deep_copy(v, &copy, NULL) < 0)
				goto fail;
			json_object_object_add(st, settable_keys[i], copy);
		}
		*out = st;
		return 0;
	}
	if (st_set_str(st, "firmware", NULL) < 0)
		goto fail;
	if (device_type_is_door(type)) {
		if (st_set_bool(st, "allow_monitoring", 1) < 0 ||
		    st_set_bool(st, "internet_access", 1) < 0 || st_set_str(st, "ip", NULL) < 0 ||
		    st_set_str(st, "rtsp_path", "/live/ch00_0") < 0)
			goto fail;
		if ((relays = json_object_new_array()) == NULL)
			goto fail;
		json_object_object_add(st, "relays", relays);
		if ((v = relay_new("Relay1", "#", NULL, 1, 1)) == NULL ||
		    json_object_array_add(relays, v) < 0) {
			json_object_put(v);
			goto fail;
		}
		if (strcmp(type, "door_phone") == 0 && st_set_str(st, "security_relay", NULL) < 0)
			goto fail;
	} else {
		if (st_set_bool(st, "arming", 0) < 0 || (v = json_object_new_object()) == NULL)
			goto fail;
		json_object_object_add(st, "builtin_relay", v);
		if (st_set_bool(v, "enabled", 1) < 0 || st_set_str(v, "name", "Relay1") < 0 ||
		    st_set_str(st, "external_relay", NULL) < 0)
			goto fail;
	}
	*out = st;
	return 0;
fail:
	json_object_put(st);
	return -1;
}

/*
 * rule_model is rule 3: the model sent (else the device's own) must be in
 * the catalogue and of the device's type.  Fills *m and sets "model" (as the
 * catalogue spells it) and "model_id" in st.  Returns 0, 1 after answering
 * 400, -1 on failure.
 */
static int rule_model(struct vb_req *req, struct vb_resp *resp, const char *type,
		      json_object *st, struct dev_model *m)
{
	const char *name = vb_str(req, "model");
	int rc;

	if (name == NULL)
		name = vb_row_str(st, "model");
	if (name == NULL || (rc = model_find(req, name, m)) == 0)
		return ANSWER(400, "invalid_field", "model", "model is not a known model.");
	if (rc < 0)
		return -1;
	if (strcmp(m->type, type) != 0)
		return ANSWER(400, "invalid_field", "model", "%s is %s, not %s.", m->model,
			      type_name(m->type, 0), type_name(type, 0));
	if (st_set_str(st, "model", m->model) < 0 ||
	    json_object_object_add(st, "model_id", json_object_new_int64(m->id)) < 0)
		return -1;
	return 0;
}

/* rule_type_keys is rule 4: a field of another type.  Returns 0 or 1. */
static int rule_type_keys(struct vb_req *req, struct vb_resp *resp, const char *type)
{
	unsigned bit = type_bit(type);
	size_t i;

	for (i = 0; i < VB_NITEMS(type_keys); i++)
		if (vb_has(req, type_keys[i].key) && !(type_keys[i].types & bit))
			return ANSWER(400, "invalid_field", type_keys[i].key,
				      "%s does not apply to %s.", type_keys[i].key,
				      type_name(type, 1));
	return 0;
}

/* apply_plain copies the request's one-value fields into st (rule 4 has
 * refused those of other types).  Returns 0 or -1. */
static int apply_plain(struct vb_req *req, json_object *st)
{
	static const char *const strs[] = { "mac", "name", "firmware", "ip", "rtsp_path" };
	static const char *const bools[] = { "allow_monitoring", "internet_access", "arming" };
	size_t i;

	for (i = 0; i < VB_NITEMS(strs); i++) {
		const struct vb_val *v = vb_field(req, strs[i]);

		if (v != NULL && v->present &&
		    st_set_str(st, strs[i], v->is_null ? NULL : v->s) < 0)
			return -1;
	}
	for (i = 0; i < VB_NITEMS(bools); i++)
		if (vb_has(req, bools[i]) &&
		    st_set_bool(st, bools[i], vb_bool(req, bools[i], 0)) < 0)
			return -1;
	return 0;
}

/* dtmf_ok: 1 to 4 of the keys a phone sends as DTMF (RFC 4733 events 0-9,
 * * and #; the A-D keys no keypad here has). */
static int dtmf_ok(const char *s)
{
	size_t n = strlen(s);

	if (n < 1 || n > 4)
		return 0;
	return strspn(s, "0123456789*#") == n;
}


/* bad_path answers 400 code for the nested field list[i].key with the
 * reason why.  Returns 1. */
static int bad_path(struct vb_resp *resp, const char *code, const char *why, const char *list,
		    size_t i, const char *key)
{
	char path[64];

	snprintf(path, sizeof(path), "%s[%zu].%s", list, i, key);
	vb_err(resp, 400, code, path, "%s %s.", path, why);
	return 1;
}

/*
 * methods_read checks the access_methods list of relay i against the
 * choices and stores in *out a new array of them in the choices' order (as
 * the device and every answer list them).  Returns 0, 1 after answering
 * 400, -1 when out of memory.
 */
static int methods_read(struct vb_resp *resp, size_t i, json_object *list, json_object **out)
{
	size_t k, j, n = list != NULL ? json_object_array_length(list) : 0;

	*out = NULL;
	for (k = 0; k < n; k++) {
		const char *s = json_object_get_string(json_object_array_get_idx(list, k));

		for (j = 0; method_choices[j] != NULL && strcmp(method_choices[j], s) != 0; j++)
			;
		if (method_choices[j] == NULL)
			return bad_path(resp, "invalid_field", "must hold only pin, rf_card, "
					"face, bluetooth, nfc and qr_code", "relays", i,
					"access_methods");
	}
	if ((*out = json_object_new_array()) == NULL)
		return -1;
	for (j = 0; method_choices[j] != NULL; j++)
		for (k = 0; k < n; k++)
			if (strcmp(json_object_get_string(json_object_array_get_idx(list, k)),
				   method_choices[j]) == 0 &&
			    json_object_array_add(*out,
						  json_object_new_string(method_choices[j])) < 0)
				return -1;
	return 0;
}

/*
 * apply_relays is rule 5 for a sent relay list, which replaces the
 * device's: each item checked, its defaults filled in (DTMF "#" for relay
 * 1, the relay's number for the others; no access methods; shown on both
 * app pages), and no DTMF code twice.  Returns 0, 1 after answering 400, -1
 * on failure.
 */
static int apply_relays(struct vb_req *req, struct vb_resp *resp, json_object *st)
{
	const struct vb_val *f = vb_field(req, "relays");
	struct vb_val vals[ITEM_MAX_FIELDS];
	json_object *list, *out;
	size_t i, j, n;
	int rc;

	if (f == NULL || !f->present)
		return 0;
	list = (json_object *)f->list;
	n = json_object_array_length(list);
	if ((out = json_object_new_array()) == NULL)
		return -1;
	json_object_object_add(st, "relays", out);  /* st owns it from here */
	for (i = 0; i < n; i++) {
		const struct vb_val *v = NULL;
		json_object *methods = NULL, *r;
		const char *dtmf;
		char dflt[2] = { (char)('1' + i), '\0' };

		if (vb_item_check(resp, "relays", (int)i, json_object_array_get_idx(list, i),
				  relay_fields, vals) < 0)
			return 1;
		v = vb_item(relay_fields, vals, "dtmf");
		dtmf = v->present ? v->s : i == 0 ? "#" : dflt;
		if (v->present && !dtmf_ok(dtmf))
			return bad_path(resp, "invalid_field",
					"must be 1 to 4 of the keys 0-9, * and #", "relays", i,
					"dtmf");
		v = vb_item(relay_fields, vals, "access_methods");
		if (v->present &&
		    (rc = methods_read(resp, i, (json_object *)v->list, &methods)) != 0)
			return rc;
		for (j = 0; j < i; j++) {
			json_object *prev = json_object_array_get_idx(out, j);

			if (strcmp(vb_row_str(prev, "dtmf"), dtmf) == 0) {
				char path[64];

				json_object_put(methods);
				snprintf(path, sizeof(path), "relays[%zu].dtmf", i);
				return ANSWER(400, "invalid_field", path,
					      "%s is the DTMF code of relay %zu too.", path, j + 1);
			}
		}
		r = relay_new(vb_item(relay_fields, vals, "name")->s, dtmf, methods,
			      !vb_item(relay_fields, vals, "home_page")->present ||
				      vb_item(relay_fields, vals, "home_page")->b,
			      !vb_item(relay_fields, vals, "talking_page")->present ||
				      vb_item(relay_fields, vals, "talking_page")->b);
		if (r == NULL || json_object_array_add(out, r) < 0) {
			json_object_put(r);
			return -1;
		}
	}
	return 0;
}

/*
 * apply_security_relay is rule 5 for a sent security_relay: null removes
 * it; an object is checked (a new one needs its DTMF code; its name is
 * "SR01" unless given) and its keys applied.  Returns 0, 1, -1.
 */
static int apply_security_relay(struct vb_req *req, struct vb_resp *resp, json_object *st)
{
	const struct vb_val *f = vb_field(req, "security_relay"), *name, *dtmf;
	struct vb_val vals[ITEM_MAX_FIELDS];
	const struct vb_field *fields;
	json_object *cur, *o;

	if (f == NULL || !f->present)
		return 0;
	if (f->is_null)
		return st_set_str(st, "security_relay", NULL) < 0 ? -1 : 0;
	cur = st_get(st, "security_relay");
	fields = cur != NULL ? sr_edit_fields : sr_new_fields;
	if (vb_item_check(resp, "security_relay", -1, (json_object *)f->list, fields, vals) < 0)
		return 1;
	name = vb_item(fields, vals, "name");
	dtmf = vb_item(fields, vals, "dtmf");
	if (dtmf->present && !dtmf_ok(dtmf->s))
		return ANSWER(400, "invalid_field", "security_relay.dtmf",
			      "security_relay.dtmf must be 1 to 4 of the keys 0-9, * and #.");
	if ((o = json_object_new_object()) == NULL)
		return -1;
	st_set_str(o, "name", name->present ? name->s
			      : cur != NULL ? vb_row_str(cur, "name") : "SR01");
	st_set_str(o, "dtmf", dtmf->present ? dtmf->s : vb_row_str(cur, "dtmf"));
	return json_object_object_add(st, "security_relay", o) < 0 ? -1 : 0;
}

/*
 * check_sr_dtmf refuses a security relay with the DTMF code of one of the
 * relays: a call's DTMF would open both.  The field named is the one the
 * request sent.  Returns 0 or 1.
 */
static int check_sr_dtmf(struct vb_req *req, struct vb_resp *resp, json_object *st)
{
	json_object *sr = st_get(st, "security_relay"), *relays = st_get(st, "relays");
	size_t i, n = relays != NULL ? json_object_array_length(relays) : 0;
	const char *code;
	char path[64];

	if (sr == NULL)
		return 0;
	code = vb_row_str(sr, "dtmf");
	for (i = 0; i < n; i++) {
		if (strcmp(vb_row_str(json_object_array_get_idx(relays, i), "dtmf"), code) != 0)
			continue;
		if (vb_has(req, "security_relay"))
			return ANSWER(400, "invalid_field", "security_relay.dtmf",
				      "security_relay.dtmf is the DTMF code of relay %zu too.",
				      i + 1);
		snprintf(path, sizeof(path), "relays[%zu].dtmf", i);
		return ANSWER(400, "invalid_field", path,
			      "%s is the DTMF code of the security relay too.", path);
	}
	return 0;
}

/* apply_builtin is rule 5 for a sent builtin_relay (an indoor monitor's):
 * the keys sent change.  Returns 0, 1, -1. */
static int apply_builtin(struct vb_req *req, struct vb_resp *resp, json_object *st)
{
	const struct vb_val *f = vb_field(req, "builtin_relay"), *en, *name;
	struct vb_val vals[ITEM_MAX_FIELDS];
	json_object *cur = st_get(st, "builtin_relay"), *o;

	if (f == NULL || !f->present)
		return 0;
	if (vb_item_check(resp, "builtin_relay", -1, (json_object *)f->list, builtin_fields,
			  vals) < 0)
		return 1;
	en = vb_item(builtin_fields, vals, "enabled");
	name = vb_item(builtin_fields, vals, "name");
	if ((o = json_object_new_object()) == NULL)
		return -1;
	st_set_bool(o, "enabled", en->present ? en->b : cur == NULL || vb_row_bool(cur, "enabled"));
	if (name->present)
		st_set_str(o, "name", name->s);
	else
		st_set_str(o, "name", vb_row_str(cur, "name") != NULL ? vb_row_str(cur, "name")
								      : "Relay1");
	return json_object_object_add(st, "builtin_relay", o) < 0 ? -1 : 0;
}

/*
 * ext_relays_read checks the items of a sent external_relay.relays list and
 * stores in *out a new array of them ({"name", "function"}, function
 * "door" unless given).  Returns 0, 1 after answering 400, -1.
 */
static int ext_relays_read(struct vb_resp *resp, json_object *list, json_object **out)
{
	struct vb_val vals[ITEM_MAX_FIELDS];
	size_t i, n = json_object_array_length(list);
	json_object *o;

	if ((*out = json_object_new_array()) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		const struct vb_val *fn;

		if (vb_item_check(resp, "external_relay.relays", (int)i,
				  json_object_array_get_idx(list, i), ext_relay_fields, vals) < 0)
			return 1;
		fn = vb_item(ext_relay_fields, vals, "function");
		if ((o = json_object_new_object()) == NULL || json_object_array_add(*out, o) < 0) {
			json_object_put(o);
			return -1;
		}
		st_set_str(o, "name", vb_item(ext_relay_fields, vals, "name")->s);
		st_set_str(o, "function", fn->present ? fn->s : "door");
	}
	return 0;
}

/*
 * apply_external is rule 5 for a sent external_relay: null removes it; a
 * new one must name its type, mode and relays; onto an existing one, the
 * keys sent change.  An IP address and port not sent stay only while the
 * mode is ethernet (the only mode that has them).  The mode's fit to the
 * type is rule 6.  Returns 0, 1, -1.
 */
static int apply_external(struct vb_req *req, struct vb_resp *resp, json_object *st)
{
	const struct vb_val *f = vb_field(req, "external_relay"), *type, *mode, *ip, *port, *rl;
	struct vb_val vals[ITEM_MAX_FIELDS];
	const struct vb_field *fields;
	json_object *cur, *o = NULL, *relays = NULL, *v;
	const char *m;
	int ether, rc = -1;

	if (f == NULL || !f->present)
		return 0;
	if (f->is_null)
		return st_set_str(st, "external_relay", NULL) < 0 ? -1 : 0;
	cur = st_get(st, "external_relay");
	fields = cur != NULL ? ext_edit_fields : ext_new_fields;
	if (vb_item_check(resp, "external_relay", -1, (json_object *)f->list, fields, vals) < 0)
		return 1;
	type = vb_item(fields, vals, "type");
	mode = vb_item(fields, vals, "mode");
	ip = vb_item(fields, vals, "ip");
	port = vb_item(fields, vals, "port");
	rl = vb_item(fields, vals, "relays");
	if (rl->present) {
		if ((rc = ext_relays_read(resp, (json_object *)rl->list, &relays)) != 0)
			goto out;
	} else if (json_object_deep_copy(st_get(cur, "relays"), &relays, NULL) < 0) {
		goto out;
	}
	rc = -1;
	m = mode->present ? mode->s : vb_row_str(cur, "mode");
	ether = strcmp(m, "ethernet") == 0;
	if ((o = json_object_new_object()) == NULL)
		goto out;
	st_set_str(o, "type", type->present ? type->s : vb_row_str(cur, "type"));
	st_set_str(o, "mode", m);
	if (ip->present)
		st_set_str(o, "ip", ip->is_null ? NULL : ip->s);
	else
		st_set_str(o, "ip", ether && cur != NULL ? vb_row_str(cur, "ip") : NULL);
	if (port->present)
		v = port->is_null ? NULL : json_object_new_int64(port->i);
	else
		v = ether && cur != NULL ? json_object_get(st_get(cur, "port")) : NULL;
	json_object_object_add(o, "port", v);
	json_object_object_add(o, "relays", relays);
	relays = NULL;
	if (json_object_object_add(st, "external_relay", o) < 0)
		goto out;
	o = NULL;
	rc = 0;
out:
	json_object_put(relays);
	json_object_put(o);
	return rc;
}

/*
 * apply_push is rule 5 for sent push_buttons: null removes the module; a
 * new one names its module; onto an existing one, the keys sent change (a
 * sent button list replaces the old one; each button calls apps and
 * monitors unless told).  Whether the model takes a module is rule 6.
 * Returns 0, 1, -1.
 */
static int apply_push(struct vb_req *req, struct vb_resp *resp, json_object *st)
{
	const struct vb_val *f = vb_field(req, "push_buttons"), *mod, *bl;
	struct vb_val vals[ITEM_MAX_FIELDS], bvals[ITEM_MAX_FIELDS];
	const struct vb_field *fields;
	json_object *cur, *o = NULL, *buttons = NULL, *b;
	size_t i, n;
	int rc = -1;

	if (f == NULL || !f->present)
		return 0;
	if (f->is_null)
		return st_set_str(st, "push_buttons", NULL) < 0 ? -1 : 0;
	cur = st_get(st, "push_buttons");
	fields = cur != NULL ? push_edit_fields : push_new_fields;
	if (vb_item_check(resp, "push_buttons", -1, (json_object *)f->list, fields, vals) < 0)
		return 1;
	mod = vb_item(fields, vals, "module");
	bl = vb_item(fields, vals, "buttons");
	if (!bl->present) {
		if (cur != NULL ? json_object_deep_copy(st_get(cur, "buttons"), &buttons, NULL) < 0
				: (buttons = json_object_new_array()) == NULL)
			goto out;
	} else {
		if ((buttons = json_object_new_array()) == NULL)
			goto out;
		n = json_object_array_length((json_object *)bl->list);
		for (i = 0; i < n; i++) {
			const struct vb_val *call;

			if (vb_item_check(resp, "push_buttons.buttons", (int)i,
					  json_object_array_get_idx((json_object *)bl->list, i),
					  button_fields, bvals) < 0) {
				rc = 1;
				goto out;
			}
			call = vb_item(button_fields, bvals, "call");
			if ((b = json_object_new_object()) == NULL ||
			    json_object_array_add(buttons, b) < 0) {
				json_object_put(b);
				goto out;
			}
			st_set_str(b, "label", vb_item(button_fields, bvals, "label")->s);
			st_set_str(b, "call", call->present ? call->s : "apps_and_monitors");
		}
	}
	if ((o = json_object_new_object()) == NULL)
		goto out;
	st_set_str(o, "module", mod->present ? mod->s : vb_row_str(cur, "module"));
	json_object_object_add(o, "buttons", buttons);
	buttons = NULL;
	if (json_object_object_add(st, "push_buttons", o) < 0)
		goto out;
	o = NULL;
	rc = 0;
out:
	json_object_put(buttons);
	json_object_put(o);
	return rc;
}

/*
 * rule_items is rule 5: the firmware's form, then each nested object sent,
 * item by item, in the route's order.  Returns 0, 1 after answering 400,
 * -1 on failure.
 */
static int rule_items(struct vb_req *req, struct vb_resp *resp, json_object *st)
{
	const char *fw = vb_str(req, "firmware");
	int rc, cmp;

	/* vb_fw_cmp accepts exactly the dotted versions it can compare. */
	if (fw != NULL && vb_fw_cmp(fw, fw, &cmp) < 0)
		return ANSWER(400, "invalid_field", "firmware",
			      "firmware must be a version of dotted numbers, such as "
			      "539.30.10.118.");
	if ((rc = apply_relays(req, resp, st)) != 0 ||
	    (rc = apply_security_relay(req, resp, st)) != 0 ||
	    (rc = check_sr_dtmf(req, resp, st)) != 0 || (rc = apply_builtin(req, resp, st)) != 0 ||
	    (rc = apply_external(req, resp, st)) != 0 || (rc = apply_push(req, resp, st)) != 0)
		return rc;
	return 0;
}

/*
 * rule_access is rule 6 for the access methods bound to relays: the first
 * relay with any needs a model that binds them, and a firmware at or above
 * the model's minimum when it has one.  Returns 0 or 1.
 */
static int rule_access(struct vb_resp *resp, json_object *st, const struct dev_model *m)
{
	json_object *relays = st_get(st, "relays");
	size_t i, n = relays != NULL ? json_object_array_length(relays) : 0;
	const char *fw = vb_row_str(st, "firmware");
	char path[64];
	int cmp = 0;

	for (i = 0; i < n; i++)
		if (json_object_array_length(st_get(json_object_array_get_idx(relays, i),
						     "access_methods")) > 0)
			break;
	if (i == n || m->access == 1)
		return 0;
	snprintf(path, sizeof(path), "relays[%zu].access_methods", i);
	if (m->access == 0)
		return ANSWER(422, "access_methods_unsupported", path,
			      "The %s cannot bind access methods to single relays.", m->model);
	if (fw == NULL)
		return ANSWER(422, "firmware_unknown", path,
			      "The %s binds access methods to relays from firmware %s on; set the "
			      "device's firmware first.", m->model, m->min);
	if (vb_fw_cmp(fw, m->min, &cmp) < 0 || cmp < 0)
		return ANSWER(422, "firmware_too_old", path,
			      "The %s binds access methods to relays from firmware %s on; this one "
			      "has %s.", m->model, m->min, fw);
	return 0;
}

/*
 * rule_external is rule 6 for an indoor monitor's external relay module:
 * the model must take one, the mode must be one of the module's, ethernet
 * needs an IP address and port and the other modes have neither, and the
 * module has at most its relays.  Returns 0 or 1.
 */
static int rule_external(struct vb_resp *resp, json_object *ext, const struct dev_model *m)
{
	static const char *const mk485_modes[] = {
		"rs485", "rs485_input_non_latching", "rs485_input_latching", NULL,
	};
	static const char *const hf8000_modes[] = { "rs485", "ethernet", NULL };
	const char *type = vb_row_str(ext, "type"), *mode = vb_row_str(ext, "mode");
	int hf = strcmp(type, "HF-8000") == 0, ok = 0;
	const char *const *modes = hf ? hf8000_modes : mk485_modes;
	int64_t max = hf ? EXT_RELAY_MAX_HF8000 : EXT_RELAY_MAX_MK485;
	size_t i;

	if (!m->external_relay)
		return ANSWER(422, "external_relay_unsupported", "external_relay",
			      "The %s takes no external relay module.", m->model);
	for (i = 0; modes[i] != NULL; i++)
		ok |= strcmp(modes[i], mode) == 0;
	if (!ok)
		return ANSWER(400, "invalid_field", "external_relay.mode",
			      "external_relay.mode must be one of the %s's modes: %s.", type,
			      hf ? "rs485, ethernet"
				 : "rs485, rs485_input_non_latching, rs485_input_latching");
	if (strcmp(mode, "ethernet") == 0) {
		if (vb_row_str(ext, "ip") == NULL)
			return ANSWER(400, "missing_field", "external_relay.ip",
				      "external_relay.ip is required in the ethernet mode.");
		if (st_get(ext, "port") == NULL)
			return ANSWER(400, "missing_field", "external_relay.port",
				      "external_relay.port is required in the ethernet mode.");
	} else {
		if (vb_row_str(ext, "ip") != NULL)
			return ANSWER(400, "invalid_field", "external_relay.ip",
				      "external_relay.ip is only for the ethernet mode.");
		if (st_get(ext, "port") != NULL)
			return ANSWER(400, "invalid_field", "external_relay.port",
				      "external_relay.port is only for the ethernet mode.");
	}
	if ((int64_t)json_object_array_length(st_get(ext, "relays")) > max)
		return ANSWER(422, "too_many_relays", "external_relay.relays",
			      "The %s has %lld relays.", type, (long long)max);
	return 0;
}

/*
 * rule_caps is rule 6: what the model (and its firmware) can do, in the
 * contract's order, on the state the request leaves.  Then the state keeps
 * push_buttons exactly when the model takes a module.  Returns 0, 1 after
 * answering, -1 on failure.
 */
static int rule_caps(struct vb_resp *resp, json_object *st, const struct dev_model *m)
{
	json_object *relays = st_get(st, "relays"), *ext = st_get(st, "external_relay");
	json_object *push = st_get(st, "push_buttons");
	int64_t n;
	int rc;

	if (relays != NULL && (n = (int64_t)json_object_array_length(relays)) > m->relays)
		return ANSWER(422, "too_many_relays", "relays",
			      "The %s has %lld relay%s, not %lld.", m->model, (long long)m->relays,
			      m->relays == 1 ? "" : "s", (long long)n);
	if ((rc = rule_access(resp, st, m)) != 0)
		return rc;
	if (st_get(st, "security_relay") != NULL && !m->security_relay)
		return ANSWER(422, "security_relay_unsupported", "security_relay",
			      "The %s takes no security relay.", m->model);
	if (ext != NULL && (rc = rule_external(resp, ext, m)) != 0)
		return rc;
	if (push != NULL) {
		int64_t max = strcmp(vb_row_str(push, "module"), "MD06") == 0 ? 6 : 12;

		if (!m->expansion)
			return ANSWER(422, "expansion_unsupported", "push_buttons",
				      "The %s takes no expansion module.", m->model);
		if ((int64_t)json_object_array_length(st_get(push, "buttons")) > max)
			return ANSWER(422, "too_many_buttons", "push_buttons.buttons",
				      "The %s has %lld buttons.", vb_row_str(push, "module"),
				      (long long)max);
	}
	if (!m->expansion)
		json_object_object_del(st, "push_buttons");
	else if (!json_object_object_get_ex(st, "push_buttons", NULL) &&
		 st_set_str(st, "push_buttons", NULL) < 0)
		return -1;
	return 0;
}

/*
 * rule_network is rule 7 for the types with network settings: a device
 * without internet access is reached at its static address, and the RTSP
 * path is a URL path (RFC 3986 3.3) of printable ASCII.  Returns 0 or 1.
 */
static int rule_network(struct vb_req *req, struct vb_resp *resp, const char *type,
			json_object *st)
{
	const char *path = vb_str(req, "rtsp_path");
	size_t i;

	if (!device_type_is_door(type))
		return 0;
	if (!vb_row_bool(st, "internet_access") && vb_row_str(st, "ip") == NULL)
		return ANSWER(400, "missing_field", "ip",
			      "ip is required: a device without internet access needs its static "
			      "IPv4 address.");
	if (path == NULL)
		return 0;
	for (i = 0; path[i] != '\0'; i++)
		if ((unsigned char)path[i] <= ' ' || (unsigned char)path[i] > '~')
			break;
	if (path[0] != '/' || path[i] != '\0')
		return ANSWER(400, "invalid_field", "rtsp_path",
			      "rtsp_path must start with / and hold printable ASCII without "
			      "spaces.");
	return 0;
}

int device_settings_resolve(struct vb_req *req, struct vb_resp *resp, const char *type,
			    json_object *cur, json_object **out)
{
	struct dev_model m;
	json_object *st = NULL;
	int rc;

	*out = NULL;
	if (state_base(type, cur, &st) < 0)
		return -1;
	/* 3. the model, 4. fields of other types */
	if ((rc = rule_model(req, resp, type, st, &m)) != 0 ||
	    (rc = rule_type_keys(req, resp, type)) != 0)
		goto done;
	rc = -1;
	if (apply_plain(req, st) < 0)
		goto done;
	/* 5. nested items, 6. capabilities, 7. network */
	if ((rc = rule_items(req, resp, st)) != 0 || (rc = rule_caps(resp, st, &m)) != 0 ||
	    (rc = rule_network(req, resp, type, st)) != 0)
		goto done;
	*out = st;
	return 0;
done:
	json_object_put(st);
	return rc;
}

json_object *device_settings_changed(json_object *cur, json_object *st)
{
	json_object *names = json_object_new_array();
	size_t i;

	if (names == NULL)
		return NULL;
	for (i = 0; settable_keys[i] != NULL; i++) {
		json_object *a = NULL, *b = NULL;

		/* A key one side lacks reads as null (push_buttons of a model
		 * that takes no module any more). */
		json_object_object_get_ex(cur, settable_keys[i], &a);
		json_object_object_get_ex(st, settable_keys[i], &b);
		if (!json_object_equal(a, b) &&
		    json_object_array_add(names, json_object_new_string(settable_keys[i])) < 0) {
			json_object_put(names);
			return NULL;
		}
	}
	return names;
}

