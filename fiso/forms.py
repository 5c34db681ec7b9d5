"""Forms for FISO records: the rules of the fund, checked field by field in French."""

from django import forms
from django.db import connection
from django.utils.translation import gettext_lazy as _

from fiso.models import (
    HALF_NEEDS_MESSAGE,
    MAXIMUM_SHARE_OF_NEEDS,
    MINIMUM_AMOUNT,
    MINIMUM_AMOUNT_MESSAGE,
    Envelope,
    Financing,
)
from fiso.services import envelope_capacity_error, envelope_committed_amount, envelope_lock


class FinancingForm(forms.ModelForm):
    """A financing as staff edit it; the envelope's capacity is checked under lock.

    The admin validates and saves a form inside one transaction, so the envelope row
    locked here stays locked until the save (which goes through `financing_commit`).
    """

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
            # The admin's transaction keeps this lock until its save; outside a
            # transaction (a bare form) the answer is only advisory, the service decides.
            in_transaction = connection.in_atomic_block
            locked = envelope_lock(envelope_id=envelope.pk) if in_transaction else envelope
            candidate = Financing(pk=self.instance.pk, amount=amount, envelope=locked)
            error = envelope_capacity_error(envelope=locked, financing=candidate)
            if error is not None:
                self.add_error(None, error)
        return cleaned


class EnvelopeForm(forms.ModelForm):
    """An envelope as staff edit it: shares total 100 %, capacity above what is committed."""

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
        capacity = cleaned.get("capacity")
        if self.instance.pk and capacity is not None:
            committed = envelope_committed_amount(envelope=self.instance)
            if capacity < committed:
                self.add_error(
                    "capacity",
                    _("La capacité ne peut descendre sous le montant déjà engagé (%(c)s €).")
                    % {"c": committed},
                )
        return cleaned
