"""Inloggning, sessioner, CSRF, begränsning av försök och säkerhetsrubriker."""

from __future__ import annotations

from fastapi import FastAPI

from tests.webb.hjalp import LOSENORD, Klient, logga_in, skapa_testapp


def test_sidor_kraver_inloggning(webbapp: FastAPI) -> None:
    k = Klient(webbapp)
    svar = k.get("/", follow_redirects=False)
    assert svar.status_code == 303 and svar.headers["location"].startswith("/logga-in")
    assert k.get("/api/norm", follow_redirects=False).status_code in (401, 404)


def test_inloggning_satter_sakra_kakor_och_rubriker(webbapp: FastAPI) -> None:
    k = logga_in(webbapp, "admin")
    kaka = k.cookies.jar
    sessionskakor = [c for c in kaka if c.name == "skolpeng_session"]
    assert sessionskakor and sessionskakor[0].has_nonstandard_attr("HttpOnly")
    svar = k.get("/")
    assert "Ada Admin" in svar.text
    assert "frame-ancestors 'none'" in svar.headers["content-security-policy"]
    assert "script-src 'self'" in svar.headers["content-security-policy"]
    assert svar.headers["x-frame-options"] == "DENY"
    assert svar.headers["x-content-type-options"] == "nosniff"
    assert svar.headers["cache-control"] == "no-store"


def test_fel_losenord_ger_svenskt_meddelande(webbapp: FastAPI) -> None:
    k = Klient(webbapp)
    sida = k.get("/logga-in").text
    token = sida.split('name="csrf_token" value="')[1].split('"')[0]
    svar = k.post("/logga-in", data={"anvandarnamn": "gbg", "losenord": "fel-losenord-123",
                                      "csrf_token": token})  # fmt: skip
    assert svar.status_code == 401
    assert "Fel användarnamn eller lösenord." in svar.text


def test_inloggning_utan_csrf_nekas(webbapp: FastAPI) -> None:
    k = Klient(webbapp)
    k.get("/logga-in")
    svar = k.post("/logga-in", data={"anvandarnamn": "admin", "losenord": LOSENORD,
                                      "csrf_token": "fel"})  # fmt: skip
    assert svar.status_code == 403
    assert "skolpeng_session" not in k.cookies


def test_post_utan_csrf_nekas_och_med_csrf_godtas(webbapp: FastAPI) -> None:
    k = logga_in(webbapp, "gbg")
    svar = k.post("/logga-ut", data={"csrf_token": "fel"})
    assert svar.status_code == 403 and "CSRF" in svar.text
    assert k.get("/", follow_redirects=False).status_code == 200
    svar = k.post_form("/logga-ut", follow_redirects=False)
    assert svar.status_code == 303
    assert k.get("/", follow_redirects=False).status_code == 303


def test_utloggad_session_kan_inte_ateranvandas(webbapp: FastAPI) -> None:
    k = logga_in(webbapp, "gbg")
    token = k.cookies["skolpeng_session"]
    k.post_form("/logga-ut")
    ny = Klient(webbapp)
    ny.cookies.set("skolpeng_session", token)
    assert ny.get("/", follow_redirects=False).status_code == 303


def test_begransning_av_inloggningsforsok(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Efter fem misslyckade försök från samma adress måste nästa vänta (här minst 60 s, så
    att testet inte beror på hur snabb maskinen är); under väntan prövas inte ens rätt
    lösenord."""
    from skolpeng.lagring.inloggningsforsok import Begransning

    app = skapa_testapp(f"sqlite:///{tmp_path / 'b.db'}", begransning=Begransning(bas_s=60.0))
    k = Klient(app)
    status = []
    for _ in range(7):
        sida = k.get("/logga-in").text
        token = sida.split('name="csrf_token" value="')[1].split('"')[0]
        svar = k.post("/logga-in", data={"anvandarnamn": "gbg", "losenord": "fel-losenord-xx",
                                          "csrf_token": token})  # fmt: skip
        status.append(svar.status_code)
    assert status[:5] == [401] * 5 and status[5:] == [429, 429]
    # även rätt lösenord nekas under spärren
    sida = k.get("/logga-in").text
    token = sida.split('name="csrf_token" value="')[1].split('"')[0]
    svar = k.post("/logga-in", data={"anvandarnamn": "gbg", "losenord": LOSENORD,
                                      "csrf_token": token})  # fmt: skip
    assert svar.status_code == 429 and "För många" in svar.text and "Vänta" in svar.text


def test_oppen_omdirigering_hindras(webbapp: FastAPI) -> None:
    k = Klient(webbapp)
    sida = k.get("/logga-in?nasta=//ond.example/").text
    assert 'name="nasta" value="/"' in sida


def test_losenord_lagras_som_argon2(webbapp: FastAPI) -> None:
    from sqlalchemy import select

    from skolpeng.lagring.tabeller import Anvandare

    with webbapp.state.sessionsfabrik() as db:
        for a in db.scalars(select(Anvandare)):
            assert a.losenord_hash.startswith("$argon2id$")
            assert LOSENORD not in a.losenord_hash


def test_samtidiga_forsok_passerar_inte_sparren(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Försöket sparas innan lösenordet prövas: av 20 samtidiga försök med fel lösenord prövas
    högst fem (Begransning.max_forsok), resten nekas med 429 (väntetiden efter det femte är
    här 60 s, längre än testet tar)."""
    from concurrent.futures import ThreadPoolExecutor

    from skolpeng.lagring.inloggningsforsok import Begransning
    from skolpeng.web.sidor_inloggning import forsok_logga_in

    app = skapa_testapp(f"sqlite:///{tmp_path / 's.db'}", begransning=Begransning(bas_s=60.0))
    inst = app.state.installningar

    def forsok(i: int) -> int:
        with app.state.sessionsfabrik() as db:
            return forsok_logga_in(db, "gbg", f"fel-losenord-{i:03d}", "10.0.0.1", inst)[2]

    with ThreadPoolExecutor(max_workers=20) as pool:
        status = list(pool.map(forsok, range(20)))
    assert status.count(401) <= inst.begransning.max_forsok
    assert status.count(429) >= 20 - inst.begransning.max_forsok
    assert set(status) <= {401, 429}


def test_misslyckad_inloggning_loggas(webbapp: FastAPI) -> None:
    from sqlalchemy import select

    from skolpeng.lagring.tabeller import Logghandelse

    k = Klient(webbapp)
    sida = k.get("/logga-in").text
    token = sida.split('name="csrf_token" value="')[1].split('"')[0]
    k.post("/logga-in", data={"anvandarnamn": "okand-person", "losenord": "fel-losenord-123",
                              "csrf_token": token})  # fmt: skip
    with webbapp.state.sessionsfabrik() as db:
        rad = db.scalar(select(Logghandelse).where(Logghandelse.anvandare == "okand-person"))
        assert rad is not None and rad.handling == "misslyckad inloggning"
