"""The worker deletes sign-in state nobody can use any more (expired
sessions, old login attempts, 2FA codes and links) and keeps what is live."""

import time

from vbtest import check, eq, expect, fail, new_installer, sign_in, sql, sql_int


_COUNT = (
    "SELECT (SELECT COUNT(*) FROM sessions WHERE account_id = %(a)d AND token_hash IN"
    "        (SHA2('ret-abs', 256), SHA2('ret-idle', 256)))"
    " + (SELECT COUNT(*) FROM login_attempts WHERE account_id = %(a)d AND login = 'ret-old')"
    " + (SELECT COUNT(*) FROM twofa_codes WHERE account_id = %(a)d AND code_hash = SHA2('ret-old', 256))"
    " + (SELECT COUNT(*) FROM password_resets WHERE account_id = %(a)d AND token_hash = SHA2('ret-old', 256))"
    " + (SELECT COUNT(*) FROM email_confirmations WHERE account_id = %(a)d"
    "    AND token_hash = SHA2('ret-old', 256))")


def _count(inst_id):
    return sql_int(_COUNT % {"a": inst_id})


def test_expired_sign_in_state_is_deleted():
    inst = new_installer()
    c = sign_in(inst)
    a = inst.id
    live = sql_int("SELECT MAX(id) FROM sessions WHERE account_id = %d" % a)
    # One transaction, counted before it commits: the worker (every tick)
    # cannot delete the old rows between their insert and the count.
    inserts = [
        "INSERT INTO sessions (token_hash, account_id, stage, expires_at) VALUES"
        " (SHA2('ret-abs', 256), %d, 'done', UTC_TIMESTAMP(3) - INTERVAL 2 HOUR)" % a,
        "INSERT INTO sessions (token_hash, account_id, stage, expires_at) VALUES"
        " (SHA2('ret-recent', 256), %d, 'done', UTC_TIMESTAMP(3) - INTERVAL 1 MINUTE)" % a,
        "INSERT INTO sessions (token_hash, account_id, stage, expires_at, last_seen_at) VALUES"
        " (SHA2('ret-idle', 256), %d, 'done', UTC_TIMESTAMP(3) + INTERVAL 1 DAY,"
        "  UTC_TIMESTAMP(3) - INTERVAL 3 DAY)" % a,
        "INSERT INTO login_attempts (account_id, login, ip, success, created_at) VALUES"
        " (%d, 'ret-old', '127.8.8.8', 0, UTC_TIMESTAMP(3) - INTERVAL 2 DAY),"
        " (%d, 'ret-new', '127.8.8.8', 0, UTC_TIMESTAMP(3) - INTERVAL 1 HOUR)" % (a, a),
        "INSERT INTO twofa_codes (account_id, session_id, code_hash, expires_at) VALUES"
        " (%d, %d, SHA2('ret-old', 256), UTC_TIMESTAMP(3) - INTERVAL 2 DAY)" % (a, live),
        "INSERT INTO password_resets (account_id, token_hash, expires_at) VALUES"
        " (%d, SHA2('ret-old', 256), UTC_TIMESTAMP(3) - INTERVAL 8 DAY),"
        " (%d, SHA2('ret-new', 256), UTC_TIMESTAMP(3) - INTERVAL 1 HOUR)" % (a, a),
        "INSERT INTO email_confirmations (account_id, email, token_hash, expires_at) VALUES"
        " (%d, 'old@example.com', SHA2('ret-old', 256), UTC_TIMESTAMP(3) - INTERVAL 8 DAY)" % a,
    ]
    inserted = sql("START TRANSACTION; " + "; ".join(inserts) + "; " + _COUNT % {"a": a}
                   + "; COMMIT")
    eq(int(inserted[0][0]), 6, "old rows inserted")
    deadline = time.monotonic() + 15
    while _count(a) != 0:
        if time.monotonic() > deadline:
            fail("the worker left %d expired rows after 15 s" % _count(a))
        time.sleep(0.5)
    # what is still of use stays
    expect(c.me(), 200)
    eq(sql_int("SELECT COUNT(*) FROM sessions WHERE id = %d" % live), 1, "the live session")
    eq(sql_int("SELECT COUNT(*) FROM sessions WHERE token_hash = SHA2('ret-recent', 256)"), 1,
       "a session that expired a minute ago (kept for an hour)")
    eq(sql_int("SELECT COUNT(*) FROM login_attempts WHERE account_id = %d AND login = 'ret-new'" % a),
       1, "a login attempt of the last hour")
    eq(sql_int("SELECT COUNT(*) FROM password_resets WHERE account_id = %d"
               " AND token_hash = SHA2('ret-new', 256)" % a), 1, "a reset link expired an hour ago")
    check(sql_int("SELECT COUNT(*) FROM audit_log WHERE account_id = %d" % a) > 0,
          "the audit log is kept")
