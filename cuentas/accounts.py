"""Staff accounts: the e-mail with which a person chooses their password, the first time or again.

Nobody types another person's password but a superuser. Central staff create a
user without one and the site e-mails them a link to choose it
(``send_password_link(..., invitation=True)``); a forgotten password is reset
with Django's password-reset e-mail, which anyone can ask for from the login
page and central staff can send from the list of users. The links are
Django's password-reset tokens: valid once, for ``PASSWORD_RESET_TIMEOUT``.
"""

import unicodedata

from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model

INVITATION_SUBJECT = "registration/invitation_subject.txt"
INVITATION_EMAIL = "registration/invitation_email.txt"
RESET_SUBJECT = "registration/password_reset_subject.txt"
RESET_EMAIL = "registration/password_reset_email.html"


def _same_email(first: str, second: str) -> bool:
    def fold(text):
        return unicodedata.normalize("NFKC", text).casefold()

    return fold(first) == fold(second)


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's form, also for a person who has not chosen a password yet (an invitation not used in time)."""

    def get_users(self, email):
        users = get_user_model()._default_manager.filter(email__iexact=email, is_active=True)
        return (user for user in users if _same_email(email, user.email))


class _OnePerson(PasswordResetForm):
    def __init__(self, user):
        super().__init__({"email": user.email})
        self.user = user

    def get_users(self, email):
        return [self.user] if self.user.is_active else []


def send_password_link(request, user, *, invitation: bool = False) -> bool:
    """E-mail ``user`` a link to choose their password; False if they have no valid address or are inactive."""
    form = _OnePerson(user)
    if not user.email or not user.is_active or not form.is_valid():
        return False
    form.save(
        request=request,
        use_https=request.is_secure(),
        subject_template_name=INVITATION_SUBJECT if invitation else RESET_SUBJECT,
        email_template_name=INVITATION_EMAIL if invitation else RESET_EMAIL,
    )
    return True
