"""Cabildo settings, read from the environment (see README "Configuration").

Defaults are the embedded ones (SQLite, in-memory channel layer, console e-mail), so
``make run`` works on a bare machine. ``DEBUG`` is off unless the environment turns it
on (``make run``, ``make test`` and the other development targets do, explicitly): with
it off, the secret and the hosts are required and the deployment hardening below applies.
"""

from pathlib import Path

from django.utils.csp import CSP

from config.env import (
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_str,
    parse_database_url,
    parse_email_url,
    parse_redis_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=False)

if DEBUG:
    SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-change-me-" + "x" * 32)
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
else:
    from django.core.exceptions import ImproperlyConfigured

    # Off unless turned on: say how to turn it on, for a developer who runs manage.py bare.
    _OFF = "DEBUG is off unless set (development: DEBUG=true, as the Makefile does)."
    try:
        SECRET_KEY = env_str("SECRET_KEY")
    except ImproperlyConfigured as error:
        raise ImproperlyConfigured(f"{error} {_OFF}") from None
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(f"ALLOWED_HOSTS is required when DEBUG is off. {_OFF}")

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# --- Cabildo's own settings -------------------------------------------------------------
# The deployment's region (CUT region code, two digits): its comunas are listed first.
CABILDO_REGION_CODE = env_str("REGION_CODE", "05")
CABILDO_GOVERNMENT_NAME = env_str("GOVERNMENT_NAME", "Gobierno Regional de Valparaíso")
CABILDO_GOVERNMENT_NAME_EN = env_str("GOVERNMENT_NAME_EN", "Regional Government of Valparaíso")
CABILDO_SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Where residents write when something fails (an e-mail that does not arrive): the pages
# that say "contact us" show it. Set it in production, like DEFAULT_FROM_EMAIL.
CABILDO_CONTACT_EMAIL = env_str("CONTACT_EMAIL", "participacion@cabildo.localhost")
# Topic slugs in ASCII ("areas-verdes"), so filter URLs read well and stay stable.
TAGGIT_STRIP_UNICODE_WHEN_SLUGIFYING = True

INSTALLED_APPS = [
    "daphne",  # first, so runserver serves ASGI (HTTP and WebSockets)
    "accounts.admin_site.CabildoAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "channels",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "taggit",
    "django_tasks_db",
    "accounts",
    "planning",
    "deliberation",
    "surveys",
    "consultations",
    "opendata",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.context_processors.site",
                "accounts.context_processors.header",
                "deliberation.context_processors.moderation",
            ],
            # {% load shared %}: parts of pages shared by every viewer (common.pagecache).
            "libraries": {"shared": "common.templatetags"},
        },
    },
]
# Forms render without maxlength: browsers cut pasted text silently (common.forms).
FORM_RENDERER = "common.forms.FormRenderer"

# --- Data -------------------------------------------------------------------------------
DATABASES = {
    "default": parse_database_url(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'cabildo.sqlite3'}")
    )
}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # Reusing connections saves 5-10 ms per request (bench/README.md). Under ASGI (daphne)
    # Django recommends psycopg's pool over persistent connections; WSGI workers may use
    # DATABASE_CONN_MAX_AGE instead. The two exclude each other.
    if env_bool("DATABASE_POOL", default=False):
        DATABASES["default"]["OPTIONS"] = {
            "pool": {
                "min_size": env_int("DATABASE_POOL_MIN", 2, minimum=0),
                "max_size": env_int("DATABASE_POOL_MAX", 20, minimum=1),
            }
        }
        DATABASES["default"]["CONN_MAX_AGE"] = 0
        DATABASES["default"]["CONN_HEALTH_CHECKS"] = False
    else:
        DATABASES["default"]["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 0, minimum=0)
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets the live server and the ASGI threads read while one writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL", "") and parse_redis_url(env_str("REDIS_URL"))
if REDIS_URL:
    # A down or hung Redis must cost milliseconds, not the page: connections give up after
    # REDIS_TIMEOUT_MS, the cache reads an outage as misses (common/cache_backend.py) and
    # the channel layer's failures only pause live delivery (deliberation/rooms.py).
    REDIS_TIMEOUT_MS = env_int("REDIS_TIMEOUT_MS", 500, minimum=1)
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                # No read timeout here: channel receives block on Redis for 5 s by design.
                "hosts": [
                    {"address": REDIS_URL, "socket_connect_timeout": REDIS_TIMEOUT_MS / 1000}
                ],
                "prefix": "cabildo",
            },
        }
    }
    CACHES = {
        "default": {
            "BACKEND": "common.cache_backend.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "cabildo",
            "OPTIONS": {"TIMEOUT_MS": REDIS_TIMEOUT_MS},
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Whole pages for anonymous visitors (common/pagecache.py), at most this many seconds. Off
# in production without Redis: each process would keep its own copies and miss the
# others' invalidations.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300 if (REDIS_URL or DEBUG) else 0, minimum=0)
# Sessions are read from the cache (written to both): a request costs no session query.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

TASKS_BACKEND = env_choice("TASKS_BACKEND", "immediate", {"immediate", "database"})
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django.tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
        }[TASKS_BACKEND]
    }
}

# --- People -----------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Cabildo] "
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_FORMS = {"signup": "accounts.forms.SignupForm"}
# Rate limits (allauth, kept in the cache): per IP and per e-mail ("key").
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "5/m/ip,20/h/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "5/m/ip,3/5m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
}
# Behind reverse proxies, every request comes from the proxy's address: limits "per IP"
# would lock everyone out together. TRUSTED_PROXY_COUNT is how many proxies in front of
# the application append the client's address to X-Forwarded-For (nginx: one); allauth
# then reads the client there, counting from the right so a forged header gains nothing.
# With 0 (direct, or daphne --proxy-headers, which puts the client in REMOTE_ADDR itself)
# REMOTE_ADDR is used.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)
ACCOUNT_RATE_LIMITS_ENABLED = env_bool("RATE_LIMITS_ENABLED", default=True)
if not ACCOUNT_RATE_LIMITS_ENABLED:
    ACCOUNT_RATE_LIMITS = False
# Per-person limits on posting and editing comments, voting, creating proposals and
# previews, as comma-separated "count/period" windows (period: s, m, h or d). Off with
# RATE_LIMITS_ENABLED=false.
CABILDO_RATE_LIMITS = {
    "comment": env_str("RATE_LIMIT_COMMENT", "5/m,40/h"),
    "comment_edit": env_str("RATE_LIMIT_COMMENT_EDIT", "10/m,60/h"),
    "vote": env_str("RATE_LIMIT_VOTE", "60/m,600/h"),
    "proposal": env_str("RATE_LIMIT_PROPOSAL", "3/h,10/d"),
    # Each "Vista previa" renders the text (writes nothing): generous for a person, a
    # ceiling for a script.
    "preview": env_str("RATE_LIMIT_PREVIEW", "30/m,300/h"),
    "report": env_str("RATE_LIMIT_REPORT", "10/m,60/h"),
}
# How many people's open reports hide a contribution until a moderator reviews it.
CABILDO_REPORTS_TO_HIDE = env_int("REPORTS_TO_HIDE", 3, minimum=1)
CABILDO_RATE_LIMITS_ENABLED = ACCOUNT_RATE_LIMITS_ENABLED
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Cabildo"

# --- E-mail -----------------------------------------------------------------------------
MAILERS = {"default": parse_email_url(env_str("EMAIL_URL", "console://"))}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Cabildo <no-responder@cabildo.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Language and time ------------------------------------------------------------------
LANGUAGE_CODE = "es-cl"
# Each language is named in itself, so nobody has to read a foreign word to find theirs.
LANGUAGES = [("es-cl", "Español"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "America/Santiago"
USE_I18N = True
USE_TZ = True
# Cookies travel over HTTPS only in production; SECURE_COOKIES=false is for serving the
# production setup over plain HTTP on one's own machine (make serve), never for a site.
SECURE_COOKIES = env_bool("SECURE_COOKIES", default=not DEBUG)
LANGUAGE_COOKIE_SECURE = SECURE_COOKIES
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static and uploaded files ----------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- Security ---------------------------------------------------------------------------
CSRF_FAILURE_VIEW = "config.views.csrf_failure"
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Map tiles come from a configurable server; pages work without them.
CABILDO_MAP_TILE_URL = env_str("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
_tile_origin = "/".join(CABILDO_MAP_TILE_URL.split("/")[:3]) if CABILDO_MAP_TILE_URL else ""

# Enforced in every mode, so tests and `make run` catch a violation as early as production.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", *([_tile_origin] if _tile_origin else [])],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

# --- Logging ----------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.channels.server": {"level": "WARNING"}},
}
