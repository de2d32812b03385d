"""Settings: the embedded defaults, the scaled-out parts, and production's refusals."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "k3y-" + "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMN"
PRINT = (
    "import json, django; from django.conf import settings; django.setup();"
    "print(json.dumps({'db': settings.DATABASES['default']['ENGINE'], 'layer': settings.CHANNEL_LAYERS['default']['BACKEND'],"
    "'cache': settings.CACHES['default']['BACKEND'], 'debug': settings.DEBUG, 'opts': settings.DATABASES['default'].get('OPTIONS', {}),"
    "'hosts': settings.CHANNEL_LAYERS['default'].get('CONFIG', {}).get('hosts')}, default=str))"
)


def run(env: dict, code=PRINT, *args):
    clean = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "DJANGO_SECRET_KEY",
                                                                 "DJANGO_ALLOWED_HOSTS", "FAIR_ENV")}
    clean.update(DJANGO_SETTINGS_MODULE="fair.settings", **env)
    command = [sys.executable, "-c", code] if code else [sys.executable, "manage.py", *args]
    return subprocess.run(command, cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120)


def test_embedded_defaults_need_nothing_installed():
    result = run({"FAIR_ENV": "development"})
    values = json.loads(result.stdout)
    assert values["db"] == "django.db.backends.sqlite3"
    assert values["opts"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in values["opts"]["init_command"]
    assert values["opts"]["timeout"] >= 5
    assert values["layer"] == "channels.layers.InMemoryChannelLayer"
    assert values["cache"].endswith("LocMemCache")
    assert values["debug"] is True


def test_database_and_redis_urls_switch_to_the_scaled_out_parts():
    result = run({"FAIR_ENV": "test", "DATABASE_URL": "postgres://fair@db.internal:5432/fair",
                  "REDIS_URL": "redis://cache.internal:6379/1"})
    values = json.loads(result.stdout)
    assert values["db"] == "django.db.backends.postgresql"
    assert values["layer"] == "channels_redis.core.RedisChannelLayer"
    [host] = values["hosts"]
    assert (host["address"], host["socket_timeout"]) == ("redis://cache.internal:6379/1", None)
    assert "Retry" in host["retry"] and any("ConnectionError" in error for error in host["retry_on_error"])
    assert values["cache"].endswith("RedisCache")
    assert values["debug"] is False


def test_production_refuses_to_start_without_a_secret_key():
    result = run({"FAIR_ENV": "production", "DJANGO_ALLOWED_HOSTS": "fair.example.vn"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run({"FAIR_ENV": "production", "DJANGO_SECRET_KEY": GOOD_KEY})
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_production_refuses_a_wildcard_host():
    result = run({"FAIR_ENV": "production", "DJANGO_SECRET_KEY": GOOD_KEY, "DJANGO_ALLOWED_HOSTS": "fair.example.vn,*"})
    assert result.returncode != 0
    assert "'*'" in result.stderr


def test_production_is_the_default_of_the_asgi_entry_point():
    result = run({"DJANGO_ALLOWED_HOSTS": "fair.example.vn"}, "import fair.asgi")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_settings_pass_the_deploy_check():
    result = run({"FAIR_ENV": "production", "DJANGO_SECRET_KEY": GOOD_KEY, "DJANGO_ALLOWED_HOSTS": "fair.example.vn"},
                 None, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_compresses_the_bundles_offline_with_hashed_names(tmp_path):
    env = {"FAIR_ENV": "production", "DJANGO_SECRET_KEY": GOOD_KEY, "DJANGO_ALLOWED_HOSTS": "fair.example.vn",
           "FAIR_STATIC_ROOT": str(tmp_path)}
    assert run(env, None, "collectstatic", "--no-input", "-v0").returncode == 0
    result = run(env, None, "compress")
    assert result.returncode == 0, result.stderr
    manifest = json.loads((tmp_path / "CACHE" / "manifest.json").read_text())
    outputs = " ".join(manifest.values())
    bundles = {name: size for name, size in json.loads((ROOT / "static" / "build" / "sizes.json").read_text()).items()
               if not size.get("on_demand")}  # xr.js is fetched by the "Enter VR" button, not through compressor
    # every page bundle (mode, hall, booth, live, …); mode.js and offline.js, on every page, share one output
    assert outputs.count("CACHE/js/output.") == len(bundles) - 1 >= 7
    assert outputs.count("CACHE/css/output.") == 3  # the fair's stylesheet, the studio's and the dashboards' (uPlot's)
    hall_bundle = next(tmp_path.glob("CACHE/js/output.*.js"))
    assert hall_bundle.stat().st_size > 100
