"""Login throttling (django-axes) as the site is served in production.

* ``client_ip``: the address a login comes from. ``REMOTE_ADDR``, unless the
  site runs behind ``TRUSTED_PROXY_COUNT`` reverse proxies: then the address
  the outermost of them saw, read from ``X-Forwarded-For`` counting from the
  right, one entry per trusted proxy. Entries further left are whatever the
  client wrote and are never believed.
* ``LoginThrottle``: axes' database handler with two limits. One person at one
  address is locked after ``AXES_FAILURE_LIMIT`` wrong passwords; one address
  trying many usernames after ``AXES_ADDRESS_FAILURE_LIMIT``, a higher number,
  so colleagues behind one office NAT do not lock each other out with a typo.
  Both wait out ``AXES_COOLOFF_TIME``.
* ``lockout_response``: the Spanish page a locked login gets, status 429.
"""

import ipaddress

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum
from django.shortcuts import render

ADDRESS_ONLY = ("ip_address", ["ip_address"])


def client_ip(request) -> str:
    """The client's address, trusting ``X-Forwarded-For`` only as far as ``TRUSTED_PROXY_COUNT`` proxies."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(forwarded) < proxies:
        return remote  # not through the proxies we expect: the socket's address is all we know
    candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


class LoginThrottle(AxesDatabaseHandler):
    """Axes' database handler with a limit per user and address and a higher one per address.

    Axes compares the largest failure count of its lockout parameter sets
    (``AXES_LOCKOUT_PARAMETERS``) with one limit; the address's count is
    scaled so that reaching ``AXES_ADDRESS_FAILURE_LIMIT`` reaches it.
    """

    def get_failures(self, request, credentials=None) -> int:
        limit = settings.AXES_FAILURE_LIMIT
        counts = [0]
        attempts_by_parameters = zip(
            settings.AXES_LOCKOUT_PARAMETERS, self.get_user_attempts(request, credentials), strict=True
        )
        for parameters, attempts in attempts_by_parameters:
            failures = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            if parameters in ADDRESS_ONLY:
                failures = failures * limit // settings.AXES_ADDRESS_FAILURE_LIMIT
            counts.append(failures)
        return max(counts)

    def reset_user_attempts(self, request, credentials=None) -> int:
        """A right password forgets that user's failures from the address, not those of other usernames."""
        pairs = [
            attempts
            for parameters, attempts in zip(
                settings.AXES_LOCKOUT_PARAMETERS, self.filter_user_attempts(request, credentials), strict=True
            )
            if parameters not in ADDRESS_ONLY
        ]
        return sum(attempts.delete()[0] for attempts in pairs)


def lockout_response(request, original_response=None, credentials=None):
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "cuentas/lockout.html", {"minutes": minutes}, status=429)
