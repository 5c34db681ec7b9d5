"""Settings for the Portail ESS Occitanie.

One module, production-first: every value comes from an environment variable
(documented in `.env.example`), and the defaults are the safe production ones.
Development turns on `DJANGO_DEBUG=1`; tests set what they need in pyproject.toml.
"""

import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    """Return the boolean value of an environment variable (1/true/yes/on)."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    """Return a comma-separated environment variable as a list of stripped items."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", default=False)

# Build and maintenance commands that never sign anything nor serve anyone run without the
# secret and without the shared cache (in an image build, a pre-commit hook); everything
# else fails fast without them in production.
OFFLINE_COMMANDS = {
    "makemigrations",
    "makemessages",
    "compilemessages",
    "collectstatic",
    "showmigrations",
}
_COMMAND = sys.argv[1] if Path(sys.argv[0]).name == "manage.py" and len(sys.argv) > 1 else ""
OFFLINE_COMMAND = _COMMAND in OFFLINE_COMMANDS
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not (DEBUG or OFFLINE_COMMAND):
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY est obligatoire hors développement / "
            "DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off."
        )
    SECRET_KEY = "django-insecure-development-only-key-never-used-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "occitanie_ess.common.admin_apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django_filters",
    "ninja",
    "corsheaders",
    "simple_history",
    "import_export",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks_db",
    "occitanie_ess.common",
    "occitanie_ess.accounts",
    "structures",
    "fiso",
    "realis",
    "yess",
    "coventis",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "occitanie_ess.common.middleware.InputSanityMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "occitanie_ess.common.middleware.SharedCacheGuardMiddleware",
    "occitanie_ess.common.middleware.SecurityHeadersMiddleware",
]

ROOT_URLCONF = "occitanie_ess.urls"
WSGI_APPLICATION = "occitanie_ess.wsgi.application"
ASGI_APPLICATION = "occitanie_ess.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "occitanie_ess.common.context_processors.site",
            ],
        },
    },
]

# Database: PostgreSQL only. Without DATABASE_URL, the local server's `occitanie_ess`
# database through its Unix socket, as the current system user.
#
# Connections come from psycopg's pool (one per process), which Django allows only with
# CONN_MAX_AGE = 0: a request borrows a connection and gives it back at its end, with no
# health-check query per request (a persistent connection costs a `SELECT 1` per request
# with CONN_MAX_AGE > 0 and health checks), a bounded number of connections however many
# threads a process runs (runserver, a threaded worker), and broken connections replaced
# in the background. DJANGO_DB_POOL=0 returns to persistent connections (DJANGO_CONN_MAX_AGE),
# e.g. behind PgBouncer in transaction mode.
DB_POOL = env_bool("DJANGO_DB_POOL", default=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", "postgres:///occitanie_ess"),
        conn_max_age=0 if DB_POOL else int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=not DB_POOL,
    )
}
if DB_POOL:
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1,
        "max_size": int(os.environ.get("DJANGO_DB_POOL_MAX_SIZE", "20")),
        # Seconds a request waits for a connection before an error (a 503 on /healthz).
        "timeout": 5,
        "max_lifetime": 1800,
    }
DATABASES["default"].setdefault("TEST", {})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis (REDIS_URL), shared by every process and server: rate-limit counters and the
# page cache must be the same for every worker. Without DEBUG a shared cache is required (a
# system check fails otherwise); development may fall back to per-process memory.
# A Redis outage degrades to cache misses (occitanie_ess.common.cache.ResilientRedisCache).
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "occitanie_ess.common.cache.ResilientRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": os.environ.get("DJANGO_CACHE_KEY_PREFIX", "ess"),
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Seconds a public list page (the directory) is served from the cache; 0 turns it off.
PUBLIC_PAGE_CACHE_SECONDS = int(os.environ.get("DJANGO_PUBLIC_PAGE_CACHE_SECONDS", "60"))
# A save or delete in these apps makes every cached public page stale at once
# (occitanie_ess.common.cache).
PUBLIC_CACHE_APPS = {"structures", "fiso", "realis", "yess", "coventis"}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# Internationalisation: the site speaks French; msgids are French too.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français"))]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

# Static files, served by WhiteNoise (compressed, with hashed names in production).
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "var" / "media"))
PRIVATE_MEDIA_ROOT = Path(os.environ.get("DJANGO_PRIVATE_MEDIA_ROOT", BASE_DIR / "var" / "private"))
# Uploaded files go through these aliases: "default" (public media: logos) and "private"
# (application attachments, served only through the views that check who asks). With
# DJANGO_STORAGE=s3, both live in an S3-compatible object store (django-storages; install
# boto3 on the servers), so that several app servers share them; filesystem by default.
if os.environ.get("DJANGO_STORAGE", "filesystem") == "s3":
    _s3 = {
        "bucket_name": os.environ.get("DJANGO_S3_BUCKET", ""),
        "endpoint_url": os.environ.get("DJANGO_S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("DJANGO_S3_REGION") or None,
        "access_key": os.environ.get("DJANGO_S3_ACCESS_KEY_ID") or None,
        "secret_key": os.environ.get("DJANGO_S3_SECRET_ACCESS_KEY") or None,
        "file_overwrite": False,
    }
    _media_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_s3,
            "location": "media",
            "querystring_auth": False,
            "custom_domain": os.environ.get("DJANGO_S3_CUSTOM_DOMAIN") or None,
        },
    }
    _private_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_s3,
            "bucket_name": os.environ.get("DJANGO_S3_PRIVATE_BUCKET") or _s3["bucket_name"],
            "location": "private",
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 300,
        },
    }
else:
    _media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    _private_storage = {"BACKEND": "occitanie_ess.common.storage.PrivateFileSystemStorage"}
STORAGES = {
    "default": _media_storage,
    "private": _private_storage,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("DJANGO_STATIC_MANIFEST", default=not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Email. Development writes each message as a file under var/mail/ so that a newcomer can
# open a confirmation link; production sends through SMTP configured from the environment.
DEFAULT_FROM_EMAIL = os.environ.get(
    "DJANGO_DEFAULT_FROM_EMAIL", "Portail ESS Occitanie <ne-pas-repondre@ess.laregion.fr>"
)
SERVER_EMAIL = os.environ.get("DJANGO_SERVER_EMAIL", DEFAULT_FROM_EMAIL)
EMAIL_SUBJECT_PREFIX = "[Portail ESS Occitanie] "
MAIL_FILE_PATH = Path(os.environ.get("DJANGO_EMAIL_FILE_PATH", BASE_DIR / "var" / "mail"))
if os.environ.get("DJANGO_EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ["DJANGO_EMAIL_HOST"],
                "port": int(os.environ.get("DJANGO_EMAIL_PORT", "587")),
                "username": os.environ.get("DJANGO_EMAIL_HOST_USER", ""),
                "password": os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("DJANGO_EMAIL_USE_TLS", default=True),
                "timeout": 10,
            },
        }
    }
else:
    MAILERS = {
        "default": {
            # One readable .eml file per message (UTF-8, 8bit: links are not split).
            "BACKEND": "occitanie_ess.common.mail_backends.EmlFileBackend",
            "OPTIONS": {"file_path": str(MAIL_FILE_PATH)},
        }
    }
# Links in emails point at this address (scheme and host, no trailing slash).
SITE_URL = os.environ.get(
    "DJANGO_SITE_URL", "http://127.0.0.1:8000" if DEBUG else "https://ess.laregion.fr"
).rstrip("/")
# A failed sending is tried again after each of these delays (seconds), then given up.
MAIL_RETRY_DELAYS = [60, 300, 900, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 24 * 3600]

# Background tasks (Django's tasks framework): the database backend of django-tasks-db,
# run by `manage.py db_worker` (started by `make run` and `make serve`). Tests run each
# task at once (DJANGO_TASKS_IMMEDIATE=1).
if env_bool("DJANGO_TASKS_IMMEDIATE"):
    TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Accounts (django-allauth): email only, confirmed, rate-limited (allauth's defaults).
SITE_NAME = "Portail ESS Occitanie"
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "account_space"
ACCOUNT_ADAPTER = "occitanie_ess.account_adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
AUTH_USER_MODEL = "accounts.User"
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "occitanie_ess.accounts.forms.SignupForm"
ACCOUNT_FORMS = {"signup": "occitanie_ess.accounts.signup.PortalSignupForm"}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_USER_DISPLAY = "occitanie_ess.accounts.models.user_display"
# Signing up with a known address answers exactly as with a new one (an email is sent).
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Portail ESS Occitanie] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
    # The portal's own: the password check before deleting an account, and submitting a
    # YESS application (submission is rate-limited).
    "delete_account": "5/5m/user",
    "yess_submit": "10/10m/user",
}
# POSTs to these views count against a rate limit: with the shared cache down they are
# refused with a French message rather than let through uncounted.
RATE_LIMITED_VIEWS = {
    "account_login",
    "account_signup",
    "account_reset_password",
    "account_reset_password_from_key",
    "account_change_password",
    "account_delete",
    "mfa_authenticate",
    "mfa_reauthenticate",
    "yess:submit",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SITE_NAME
# Staff must have two-factor authentication to reach the admin (production default).
ADMIN_REQUIRE_MFA = env_bool("DJANGO_ADMIN_REQUIRE_MFA", default=not DEBUG)
ADMIN_URL = os.environ.get("DJANGO_ADMIN_URL", "admin/")
if not ADMIN_URL.endswith("/"):
    ADMIN_URL += "/"

# Security: HTTPS everywhere in production, a strict CSP with no inline script.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz"]
# Cookies are Secure whenever DEBUG is off, whether or not this process redirects to HTTPS
# (behind a proxy that terminates TLS it does not).
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = int(
    os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000")
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

# The pépinière's capacity (seed document: "une trentaine d'entreprises").
REALIS_CAPACITY = int(os.environ.get("REALIS_CAPACITY", "30"))

# The publisher of the open data (/donnees/, datapackage.json, feeds, SCDL idAttribuant):
# the Région, by its name, its SIRET (Sirene: SIREN 200 053 791), its site and a contact.
OPEN_DATA_PUBLISHER_NAME = os.environ.get(
    "OPEN_DATA_PUBLISHER_NAME", "Région Occitanie / Pyrénées-Méditerranée"
)
OPEN_DATA_PUBLISHER_SIRET = os.environ.get("OPEN_DATA_PUBLISHER_SIRET", "20005379100014")
OPEN_DATA_PUBLISHER_URL = os.environ.get("OPEN_DATA_PUBLISHER_URL", "https://www.laregion.fr")
OPEN_DATA_PUBLISHER_EMAIL = os.environ.get("OPEN_DATA_PUBLISHER_EMAIL", "")

# The public API (/api/v1/): open to every origin for reading (CORS, GET only, never
# with credentials), rate-limited per client in the shared cache.
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_ALLOW_CREDENTIALS = False
API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "120/m")
REALIS_STRUCTURE_SLUG = os.environ.get("REALIS_STRUCTURE_SLUG", "realis")
