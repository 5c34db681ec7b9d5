"""allauth's sign-up form, safe when two people sign up with one address at the same time.

Both pass the "address already used?" check, and the second insert breaks the unique
email: that person then gets exactly the answer of a sign-up with a known address (an
email to the address, the usual "check your inbox" page), never a 500 that would also tell
who has an account.
"""

from allauth.account.forms import SignupForm
from django.db import IntegrityError, transaction


class PortalSignupForm(SignupForm):
    def try_save(self, request):
        try:
            with transaction.atomic():
                return super().try_save(request)
        except IntegrityError:
            self.account_already_exists = True
            return super().try_save(request)
