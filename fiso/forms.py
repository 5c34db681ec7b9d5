"""Forms for FISO records: the rules of the fund, checked field by field in French."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fiso.models import (
    HALF_NEEDS_MESSAGE,
    MAXIMUM_SHARE_OF_NEEDS,
    MINIMUM_AMOUNT,
    MINIMUM_AMOUNT_MESSAGE,
    Envelope,
    Financing,
)
from fiso.services import envelope_capacity_error


class FinancingForm(forms.ModelForm):
    """A financing as staff edit it, with the fund's rules and the envelope's capacity
    shown on the form; the save goes through fiso.services, which holds the envelope's
    lock and decides."""

    class Meta:
        model = Financing
        fields = [
            "envelope",
            "enterprise",
            "accompanying_structure",
            "reference",
            "instrument",
            "purpose",
            "amount",
            "development_needs",
            "amount_is_example",
            "status",
            "decision_date",
            "disbursement_date",
            "disbursement_terms",
            "rae_id",
            "eu_notified",
            "deferral_months",
            "instalment_count",
            "repayment_frequency",
            "repaid_amount",
            "is_public",
            "note",
        ]

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount is not None and amount < MINIMUM_AMOUNT:
            raise forms.ValidationError(MINIMUM_AMOUNT_MESSAGE, code="below_minimum")
        return amount

    def clean(self):
        cleaned = super().clean()
        amount = cleaned.get("amount")
        needs = cleaned.get("development_needs")
        if amount is not None and needs is not None and amount > needs * MAXIMUM_SHARE_OF_NEEDS:
            self.add_error("amount", forms.ValidationError(HALF_NEEDS_MESSAGE, code="above_half"))
            amount = None
        envelope = cleaned.get("envelope")
        status = cleaned.get("status")
        if amount is not None and envelope is not None and status in Financing.COMMITTED_STATUSES:
            # Advisory, so that staff see the refusal on the form with their input kept:
            # fiso.services.financing_commit checks again with the envelope row locked.
            candidate = Financing(pk=self.instance.pk, amount=amount, envelope=envelope)
            error = envelope_capacity_error(envelope=envelope, financing=candidate)
            if error is not None:
                self.add_error(None, error)
        return cleaned


class EnvelopeForm(forms.ModelForm):
    """An envelope as staff edit it: shares total 100 %; a capacity below what is committed
    is refused by Envelope.clean(), on the capacity field."""

    class Meta:
        model = Envelope
        fields = [
            "name",
            "start_year",
            "capacity",
            "state_share",
            "region_share",
            "operator",
            "attributing_body",
            "attributing_body_siret",
        ]

    def clean(self):
        cleaned = super().clean()
        state, region = cleaned.get("state_share"), cleaned.get("region_share")
        if state is not None and region is not None and state + region != 100:
            self.add_error(
                "region_share", _("Les parts de l'État et de la Région totalisent 100 %.")
            )
        return cleaned
