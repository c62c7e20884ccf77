"""Brute force: per-account and per-address throttling of sign-in."""

from vbtest import (Client, check, eq, expect, login, new_installer, uniq_email)


def _retry_after(r):
    ra = r.header("Retry-After")
    check(ra is not None and ra.isdigit(), "429 without a Retry-After in seconds: %r" % r)
    n = int(ra)
    check(1 <= n <= 3600, "Retry-After out of range: %d" % n)
    return n


def test_account_throttled_after_5_failures():
    inst = new_installer()
    attacker = Client()
    for i in range(5):
        expect(login(attacker, inst, password="wrong-password-%d" % i), 401, "invalid_credentials")
    # the sixth attempt, from another address and with the right password
    c = Client()
    r = expect(login(c, inst), 429, "too_many_attempts")
    _retry_after(r)
    check(c.token is None, "a throttled login set a session cookie")
    expect(c.me(), 401, "unauthenticated")
    r = expect(login(attacker, inst), 429, "too_many_attempts")
    _retry_after(r)


def test_retry_after_grows():
    inst = new_installer()
    a = Client()
    for i in range(5):
        expect(login(a, inst, password="wrong-password-%d" % i), 401)
    first = _retry_after(expect(login(Client(), inst, password="still-wrong"), 429, "too_many_attempts"))
    check(first >= 30, "first Retry-After should be about 60 s, got %d" % first)
    second = _retry_after(expect(login(Client(), inst, password="still-wrong"), 429, "too_many_attempts"))
    check(second >= first - 2, "Retry-After shrank: %d then %d" % (first, second))


def test_address_throttled_after_5_failures():
    inst = new_installer()
    c = Client()
    for _ in range(5):
        expect(c.post("/api/auth/login", {"login": uniq_email("nobody"), "password": "guess-guess"}),
               401, "invalid_credentials")
    r = expect(login(c, inst), 429, "too_many_attempts")
    _retry_after(r)
    check(c.token is None, "a throttled login set a session cookie")
    # the account itself is not locked: another address signs in
    eq(expect(login(Client(), inst), 200).json["account"]["id"], inst.id, "login from elsewhere")


def test_success_does_not_count_as_failure():
    inst = new_installer()
    c = Client()
    for i in range(4):
        expect(login(c, inst, password="wrong-password-%d" % i), 401)
    expect(login(c, inst), 200)
    expect(c.me(), 200)


def test_parallel_guesses_get_no_extra_tries():
    """Twelve wrong passwords at once, from twelve addresses: the account's
    five free tries stay five, however many workers take the requests."""
    from concurrent.futures import ThreadPoolExecutor
    inst = new_installer()

    def guess(i):
        return login(Client(), inst, password="parallel-wrong-%d" % i).status

    with ThreadPoolExecutor(max_workers=12) as pool:
        statuses = list(pool.map(guess, range(12)))
    eq(statuses.count(401), 5, "wrong passwords that were checked (statuses %r)" % statuses)
    eq(statuses.count(429), 7, "guesses refused by the throttle (statuses %r)" % statuses)
