from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings


def test_health_answers_when_the_base_is_ready(base_path):
    app = create_app(Settings(base=base_path, demo=False))
    with TestClient(app) as client:
        assert client.get("/health").json()["statut"] == "ok"
        assert client.get("/docs").status_code == 200
    assert base_path.exists()


def test_settings_read_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("CLAIR_BASE", str(tmp_path / "x.sqlite"))
    monkeypatch.setenv("CLAIR_UPLOAD_MAX_MB", "2")
    settings = Settings()
    assert settings.base == tmp_path / "x.sqlite"
    assert settings.upload_max_bytes == 2 * 1024 * 1024
