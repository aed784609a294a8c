"""Clients as vCards, version 4.0 (RFC 6350) or 3.0 (RFC 2426), escaped and folded."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

from store.contentlines import escape_text, render
from store.normalize import phone_e164

VERSIONS = ("4.0", "3.0")


def _structured(*parts: object) -> str:
    return ";".join(escape_text(p) for p in parts)


def _tel(number: str, kind: str, version: str) -> str:
    """A TEL line: a tel: URI in E.164 (RFC 3966 wants no spaces), or the text as stored when
    it is not a phone number."""
    e164 = phone_e164(number)
    if version == "4.0":
        if e164:
            return f"TEL;VALUE=uri;TYPE={kind},voice:tel:{e164}"
        return f"TEL;TYPE={kind},voice:{escape_text(number)}"
    return f"TEL;TYPE={kind.upper()},VOICE:{escape_text(e164 or number)}"


def card_lines(row: sqlite3.Row | tuple[object, ...], version: str) -> Iterator[str]:
    (cid, civility, last, first, company, phone, phone2, email, address, postcode, city,
     updated_at) = row
    name = " ".join(str(p) for p in (first, last) if p) or str(company) or f"Client {cid}"
    yield "BEGIN:VCARD"
    yield f"VERSION:{version}"
    if version == "4.0":
        yield f"UID:urn:relance:client:{cid}"
    else:
        yield f"UID:relance-client-{cid}"
    yield f"FN:{escape_text(name)}"
    yield f"N:{_structured(last, first, '', civility, '')}"
    if company:
        yield f"ORG:{escape_text(company)}"
    for number, kind in ((phone, "cell"), (phone2, "home")):
        if number:
            yield _tel(str(number), kind, version)
    if email:
        prefix = "EMAIL;TYPE=INTERNET" if version == "3.0" else "EMAIL"
        yield f"{prefix}:{escape_text(email)}"
    if address or postcode or city:
        kind = "home" if version == "4.0" else "HOME"
        yield f"ADR;TYPE={kind}:{_structured('', '', address, city, '', postcode, 'France')}"
    stamp = str(updated_at)[:19].replace("-", "").replace(":", "") + "Z"
    yield f"REV:{stamp}"
    yield "END:VCARD"


def vcards(conn: sqlite3.Connection, version: str = "4.0", user_login: str | None = None) -> Iterator[str]:
    """The clients (not anonymized) as vCard text, one card at a time."""
    if version not in VERSIONS:
        raise ValueError(f"vCard version {version!r}")
    sql = ("SELECT id, civility, last_name, first_name, company, phone, phone2, email, address,"
           " postcode, city, updated_at FROM clients WHERE anonymized_at IS NULL")
    params: tuple[str, ...] = ()
    if user_login:
        sql += " AND assigned_user_id = (SELECT id FROM users WHERE login = ?)"
        params = (user_login,)
    cursor = conn.execute(sql + " ORDER BY id", params)
    while rows := cursor.fetchmany(1000):
        for row in rows:
            yield render(card_lines(row, version))
