"""Settings of the OCOP virtual fair: every value read from the environment here, once.

FAIR_ENV picks the mode:
- ``development`` (``make run``, ``manage.py``): DEBUG on, a fixed development key;
- ``test`` (pytest): DEBUG off, a fixed test key;
- ``production`` (the default of ``fair.asgi``): refuses to start without
  DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS, never accepts ``*``.

The embedded defaults need nothing installed: a SQLite file, an in-memory channel
layer, a local-memory cache and a local media folder. DATABASE_URL (PostgreSQL) and
REDIS_URL (channel layer and cache) switch to the scaled-out parts; nothing else in
the code knows which one is in use.
"""

import datetime
import fnmatch
import os
import re
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
ENV = os.environ.get("FAIR_ENV", "production")
if ENV not in {"development", "test", "production"}:
    raise ImproperlyConfigured(f"FAIR_ENV must be development, test or production, not {ENV!r}.")
PRODUCTION = ENV == "production"


def _env_list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


DEBUG = ENV == "development"

if PRODUCTION:
    SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
    if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured(
            "Production needs DJANGO_SECRET_KEY: at least 50 random characters "
            "(or set FAIR_ENV=development to run locally)."
        )
    ALLOWED_HOSTS = _env_list("DJANGO_ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("Production needs DJANGO_ALLOWED_HOSTS (comma-separated host names).")
    if any("*" in host for host in ALLOWED_HOSTS):
        raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS may not contain '*': name every host.")
else:
    SECRET_KEY = "insecure-local-key-for-development-and-tests-never-in-production-0123456789"
    ALLOWED_HOSTS = _env_list("DJANGO_ALLOWED_HOSTS") or ["localhost", "127.0.0.1", "[::1]", "testserver"]

CSRF_TRUSTED_ORIGINS = _env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "axes",  # sign-in failures counted per account and per address, locked out for a while, logged for organizers
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "channels",
    "compressor",
    # One app per business area (docs/architecture.md): the fair core, the catalogue, and the areas built on it.
    "fair",
    "booths",
    "booths.orders",
    "booths.conversations",
    "booths.media",
    "booths.live",
    "booths.editor",
    "booths.demo",
    "fair.search",
    "fair.studio",
    "fair.analytics",
    "realtime",
    # After our apps, so that our `db_worker` (fair/management/commands) stands in for the library's.
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "fair.health.HealthMiddleware",  # first: /health for the load balancer, before sessions, redirects and host checks
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files: compressed, cached a year under hashed names
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "fair.cache.PrefetchMiddleware",  # after the session and the language, before anything reads the session
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "fair.middleware.VisitorMiddleware",
    "fair.analytics.middleware.PageViewMiddleware",  # after the visitor's id: counts fair, hall, booth, product pages
    "axes.middleware.AxesMiddleware",  # last: turns a locked-out sign-in into the page that says so
]

# Guessing passwords: 5 failed sign-ins for one account, or from one address, lock that account or address out
# for 15 minutes (the admin's sign-in too); the page says so, and organizers see every failure in the admin
# (Axes: access attempts, failures) and can lift a lock by deleting its attempt.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each on its own: the account, and the address
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_TEMPLATE = "editor/accounts/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "fair.throttle.client_address"
AXES_VERBOSE = False

ROOT_URLCONF = "fair.urls"
ASGI_APPLICATION = "fair.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "fair.mode.context",
                "fair.offline.context",
                "booths.orders.context.order_limits",
                "booths.conversations.context.chat_limits",
            ],
        },
    },
]

# Database: the embedded SQLite file unless DATABASE_URL names another one.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
else:
    (BASE_DIR / "var").mkdir(exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("FAIR_SQLITE_PATH", str(BASE_DIR / "var" / "fair.sqlite3")),
            "OPTIONS": {
                # Writers queue instead of failing with "database is locked" (seconds).
                "timeout": 20,
                # Take the write lock when a transaction starts, so two writers never
                # deadlock upgrading read locks (stock updates, chat messages).
                "transaction_mode": "IMMEDIATE",
                # WAL lets readers go on while one writer writes.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
            # A file, not memory, so the browser tests' own daphne process can share it.
            "TEST": {"NAME": os.environ.get("FAIR_SQLITE_TEST_PATH") or str(BASE_DIR / "var" / "test-fair.sqlite3")},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Behind our own TLS proxy: it sets X-Forwarded-Proto, and X-Forwarded-For names the visitor's address.
BEHIND_PROXY = os.environ.get("FAIR_BEHIND_PROXY") == "1"

# Presence entries live this long without a ping (seconds); tests shorten it.
PRESENCE_TTL = int(os.environ.get("FAIR_PRESENCE_TTL", "45"))

# Channel layer and cache: in this process unless REDIS_URL names a Redis server.
REDIS_URL = os.environ.get("REDIS_URL", "")
# Keys, groups and presence of this fair in Redis start with this; tests use one per run.
REDIS_PREFIX = os.environ.get("FAIR_REDIS_PREFIX", "fair")
# Cached pages and sessions: the same for every process of one deployment (the benchmark gives each stage's
# groups and presence a prefix of its own, but one cache).
CACHE_PREFIX = os.environ.get("FAIR_CACHE_PREFIX", REDIS_PREFIX)
# How group events reach sockets: "hub" (one channel-layer message per process and busy group,
# encoded once, written to every local socket: realtime/hub.py) or "consumer" (the stock Channels
# pattern, one message per socket; kept so the benchmark can measure both).
FAIR_FANOUT = os.environ.get("FAIR_FANOUT", "hub")
if FAIR_FANOUT not in {"hub", "consumer"}:
    raise ImproperlyConfigured("FAIR_FANOUT must be hub or consumer.")
# Seconds between a process's hub joining its busy groups again: a Redis that restarted (or failed over, or
# expired the groups after a day) forgets who listens; this is how soon live booths hear again.
HUB_REFRESH_SECONDS = float(os.environ.get("FAIR_HUB_REFRESH_SECONDS", "5"))
# Open websockets of every kind, per browser session and per client address (the proxy's X-Forwarded-For with
# daphne --proxy-headers): a browser's tabs, and a school's or a cooperative's Wi-Fi behind one address,
# fit; a runaway script does not. The benchmark, whose 500 visitors share 127.0.0.1, raises the second.
SOCKETS_PER_SESSION = int(os.environ.get("FAIR_SOCKETS_PER_SESSION", "8"))
SOCKETS_PER_ADDRESS = int(os.environ.get("FAIR_SOCKETS_PER_ADDRESS", "300"))
# A process's specific channels share one queue in channels-redis (100 messages by default): a burst
# to a busy booth must fit in it, or the layer drops what does not (clients would resume, slowly).
_CHANNEL_CAPACITY = {"specific.*": 10000}
if REDIS_URL:
    from redis import exceptions as redis_errors
    from redis.asyncio.retry import Retry as AsyncRetry
    from redis.backoff import ExponentialBackoff
    from redis.retry import Retry

    # A Redis that restarted or failed over closes every pooled connection: a command on one of them is
    # tried again on a new connection (three times, 50 ms to 0.5 s apart) instead of failing the request.
    _REDIS_RETRY_ON = [redis_errors.ConnectionError, redis_errors.TimeoutError]
    REDIS_ASYNC_OPTIONS = {"retry": AsyncRetry(ExponentialBackoff(cap=0.5, base=0.05), 3), "retry_on_error": _REDIS_RETRY_ON}
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            # redis-py 8 closes idle connections after 5 s unless socket_timeout is None.
            "CONFIG": {"hosts": [{"address": REDIS_URL, "socket_timeout": None, **REDIS_ASYNC_OPTIONS}],
                       "prefix": REDIS_PREFIX, "channel_capacity": _CHANNEL_CAPACITY},
        }
    }
    CACHES = {
        "default": {
            "BACKEND": "fair.redis_cache.FairRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_PREFIX,
            "OPTIONS": {"retry": Retry(ExponentialBackoff(cap=0.5, base=0.05), 3), "retry_on_error": _REDIS_RETRY_ON},
        }
    }
    # Sessions are read on every page and socket: from Redis, written through to the database.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    # The in-memory layer takes its capacities precompiled (channels 4.3 does not compile them for it).
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer",
                                  "CONFIG": {"channel_capacity": [(re.compile(fnmatch.translate(pattern)), size)
                                                                  for pattern, size in _CHANNEL_CAPACITY.items()]}}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# A hall's booth list and scene are cached this long (and dropped at once when content changes, see
# fair/cache.py), only with a shared cache: per-process caches could disagree between processes.
HALL_CACHE_SECONDS = int(os.environ.get("FAIR_HALL_CACHE_SECONDS", "300")) if REDIS_URL else 0

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "editor:console"

# Languages: Vietnamese for producers and domestic buyers, English for international ones.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "fair" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("FAIR_STATIC_ROOT", BASE_DIR / "var" / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "compressor.finders.CompressorFinder",
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("FAIR_MEDIA_ROOT") or BASE_DIR / "var" / "media")

# django-compressor serves the esbuild bundles and the CSS fingerprinted; production
# compresses ahead of time (manage.py compress) so no request ever writes files.
COMPRESS_ENABLED = not DEBUG
COMPRESS_OFFLINE = PRODUCTION
COMPRESS_ROOT = STATIC_ROOT
# esbuild already minified the bundles: compressor only concatenates and fingerprints them.
COMPRESS_FILTERS = {
    "css": ["compressor.filters.css_default.CssAbsoluteFilter", "compressor.filters.cssmin.rCSSMinFilter"],
    "js": [],
}
# Static files are served by WhiteNoise from every page process (gunicorn behind the balancer, docs/deployment.md):
# gzipped when the browser takes it, and cached for a year under names that carry a hash of their content. In
# production `collectstatic` names every file by its hash (the manifest) and writes its .gz beside it; the bundles
# django-compressor writes afterwards (`compress`, CACHE/…/output.<hash>.js) are gzipped as it writes them.
if PRODUCTION:
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
        "compressor": {"BACKEND": "compressor.storage.GzipCompressorFileStorage"},
    }
# A name with a 12-hex-digit content hash before its extension (the manifest's and django-compressor's) never
# changes content: cached for a year, immutable. Every other name is cached a minute.
WHITENOISE_IMMUTABLE_FILE_TEST = r"\.[0-9a-f]{12}\.[A-Za-z0-9]+$"
WHITENOISE_MAX_AGE = 0 if DEBUG else 60

# Media are served by Django only locally (development, tests); production's proxy serves them. FAIR_SERVE_MEDIA=1
# serves them from Django in production settings too, for a measurement on one machine without the proxy
# (`make budgets`' Lighthouse stage).
SERVE_MEDIA = ENV != "production" or os.environ.get("FAIR_SERVE_MEDIA") == "1"

# Uploads: keep request bodies small; media uploads stream through their own views.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Originals as producers sent them (they may hold GPS positions): stored, never served.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("FAIR_PRIVATE_MEDIA_ROOT") or MEDIA_ROOT.parent / "private-media")
# Uploads in progress, resumable chunk by chunk; removed when finished or refused.
UPLOAD_PARTIAL_ROOT = Path(os.environ.get("FAIR_UPLOAD_PARTIAL_ROOT") or MEDIA_ROOT.parent / "partial-uploads")

# Media processing (re-encoding, renditions, GLB optimising) runs in a worker:
# `manage.py db_worker`, started by `make run` beside the web server.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# One job (decoding, optimising a model, drawing its poster) is stopped after this many seconds with a named
# error, so one file never holds up every upload queued behind it.
MEDIA_JOB_SECONDS = float(os.environ.get("FAIR_MEDIA_JOB_SECONDS", "90"))
# Uploads started and never finished (a phone that gave up) are removed, with their partial files, after this.
UPLOAD_ABANDONED_HOURS = float(os.environ.get("FAIR_UPLOAD_ABANDONED_HOURS", "24"))

# Bank-notification webhooks (/payments/webhook/<provider>/, see docs/payments.md): a provider is enabled only when
# its shared secret is set. payOS's checksum key, and the secret of the generic HMAC-SHA256 sender.
PAYMENT_WEBHOOK_SECRETS = {
    "payos": os.environ.get("FAIR_PAYOS_CHECKSUM_KEY", ""),
    "generic": os.environ.get("FAIR_PAYMENT_WEBHOOK_SECRET", ""),
}
# Analytics (docs/analytics.md): raw events are kept this many days (rollups for ever); facts wait in each
# process's bounded buffer at most ANALYTICS_FLUSH_SECONDS (0: only when flushed, as the tests do) and the worker
# rolls them up ANALYTICS_ROLLUP_SECONDS after they arrive (0: only by `manage.py analytics_rollup`).
# A deployment's name for the service worker's release (fair/offline.py): the front end's hash already changes it
# whenever a bundle changes; set it to force phones onto a new release (say, after a template-only fix).
FAIR_RELEASE = os.environ.get("FAIR_RELEASE", "")
# Live selling (docs/livestream.md): our own Janus's HTTP API on loopback and its api_secret (scripts/run_fair.py starts it
# and sets these); empty: live video is not available on this server (calls still work peer to peer).
LIVE_MEDIA_URL = os.environ.get("FAIR_JANUS_URL", "")
LIVE_MEDIA_SECRET = os.environ.get("FAIR_JANUS_SECRET", "")
LIVE_TOKEN_SECONDS = int(os.environ.get("FAIR_LIVE_TOKEN_SECONDS", "60"))  # a publish/watch token's life
# ICE servers handed to browsers: STUN/TURN urls, comma separated (TURN credentials are signed with FAIR_TURN_SECRET).
LIVE_ICE_URLS = [u.strip() for u in os.environ.get("FAIR_ICE_URLS", "").split(",") if u.strip()]
LIVE_TURN_SECRET = os.environ.get("FAIR_TURN_SECRET", "")
CALL_RING_SECONDS = int(os.environ.get("FAIR_CALL_RING_SECONDS", "30"))  # a video call not answered by then ends
# A call whose side's socket closed waits this long for that side's reconnected socket (`call.resume`) before it ends.
CALL_RESUME_SECONDS = float(os.environ.get("FAIR_CALL_RESUME_SECONDS", "20"))
LIVE_RECORD = os.environ.get("FAIR_LIVE_RECORD", "1") == "1" and bool(LIVE_MEDIA_URL)  # recordings make the replays
LIVE_RECORDINGS_ROOT = Path(os.environ.get("FAIR_LIVE_RECORDINGS_ROOT") or MEDIA_ROOT.parent / "live-recordings")
ANALYTICS_ENABLED = os.environ.get("FAIR_ANALYTICS", "1") != "0"  # 0: nothing is counted (the benchmark's reference)
ANALYTICS_RETENTION_DAYS = int(os.environ.get("FAIR_ANALYTICS_RETENTION_DAYS", "90"))
ANALYTICS_FLUSH_SECONDS = float(os.environ.get("FAIR_ANALYTICS_FLUSH_SECONDS", "0" if ENV == "test" else "2"))
ANALYTICS_ROLLUP_SECONDS = int(os.environ.get("FAIR_ANALYTICS_ROLLUP_SECONDS", "0" if ENV == "test" else "60"))
ANALYTICS_BUFFER_MAX = 50_000

PAYMENT_WEBHOOK_MAX_BYTES = 64 * 1024  # a notification body larger than this is refused (413) before it is read

# E-mail: invitations from bulk onboarding (/studio/onboarding/). Production sends through SMTP named by the
# environment; development writes each message as a file under var/mail/ (read them there); tests keep them in memory.
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "Hội chợ OCOP trực tuyến <no-reply@localhost>")
if PRODUCTION:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
    EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = os.environ.get("DJANGO_EMAIL_USE_TLS", "1") == "1"
    EMAIL_TIMEOUT = 20
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = BASE_DIR / "var" / "mail"

SESSION_COOKIE_AGE = 60 * 60 * 24 * 90  # a visitor keeps their identity for a season of fairs
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if BEHIND_PROXY:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("FAIR_LOG_LEVEL", "INFO")},
}
