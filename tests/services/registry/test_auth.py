from __future__ import annotations

import base64

from services.registry.auth import (
    TokenCache,
    parse_challenge,
    parse_token_response,
    pick_challenge,
    token_request,
)
from services.registry.credentials import Credential


def test_parses_bearer_challenge_with_quoted_commas():
    challenge = parse_challenge(
        'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",'
        'scope="repository:library/nginx:pull,push"'
    )

    assert challenge is not None
    assert challenge.is_bearer
    assert challenge.realm == "https://auth.docker.io/token"
    assert challenge.service == "registry.docker.io"
    assert challenge.scope == "repository:library/nginx:pull,push"


def test_parses_basic_challenge_and_prefers_bearer():
    basic = 'Basic realm="Registry Realm"'
    bearer = 'Bearer realm="https://r/token",service="r"'

    assert pick_challenge([basic]).scheme == "basic"  # type: ignore[union-attr]
    assert pick_challenge([basic, bearer]).is_bearer  # type: ignore[union-attr]
    assert pick_challenge(["Negotiate"]) is None
    assert parse_challenge("") is None


def test_anonymous_token_request_has_no_credentials():
    challenge = parse_challenge('Bearer realm="https://a/token",service="svc"')
    req = token_request(challenge, "repository:x/y:pull", None)  # type: ignore[arg-type]

    assert req.method == "GET"
    assert req.params == {"scope": "repository:x/y:pull", "service": "svc"}
    assert req.headers == {}


def test_credentialed_token_request_uses_basic_and_account():
    challenge = parse_challenge('Bearer realm="https://a/token",service="svc"')
    cred = Credential("alice", "s3cret")
    req = token_request(challenge, "repository:x/y:pull", cred)  # type: ignore[arg-type]

    expected = "Basic " + base64.b64encode(b"alice:s3cret").decode()
    assert req.headers == {"Authorization": expected}
    assert req.params["account"] == "alice"
    assert "s3cret" not in repr(req)


def test_identity_token_becomes_oauth_refresh_grant():
    challenge = parse_challenge('Bearer realm="https://a/token",service="svc"')
    cred = Credential("<token>", "refresh-me", is_identity_token=True)
    req = token_request(challenge, "repository:x/y:pull", cred)  # type: ignore[arg-type]

    assert req.method == "POST"
    assert req.form is not None
    assert req.form["grant_type"] == "refresh_token"
    assert req.form["refresh_token"] == "refresh-me"
    assert req.form["service"] == "svc"
    assert "refresh-me" not in repr(req)


def test_token_response_defaults_lifetime_and_accepts_access_token():
    assert parse_token_response({"token": "t"}) == ("t", 60.0)
    assert parse_token_response({"access_token": "a", "expires_in": 300}) == (
        "a",
        300.0,
    )
    assert parse_token_response({"expires_in": 3}) is None
    assert parse_token_response(["x"]) is None


def test_token_cache_expires_early_and_keys_by_scope():
    now = [1000.0]
    cache = TokenCache(clock=lambda: now[0])
    challenge = parse_challenge('Bearer realm="https://a/token",service="svc"')
    key_a = TokenCache.key(challenge, "repository:a:pull", "anonymous")  # type: ignore[arg-type]
    key_b = TokenCache.key(challenge, "repository:b:pull", "anonymous")  # type: ignore[arg-type]
    cache.put(key_a, "tok", 60)

    assert cache.get(key_a) == "tok"
    assert cache.get(key_b) is None
    now[0] += 54.0
    assert cache.get(key_a) == "tok"
    now[0] += 2.0
    assert cache.get(key_a) is None
