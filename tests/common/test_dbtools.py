"""The one way to turn a database refusal into the rule's French message."""

import pytest
from django.db import IntegrityError, transaction

from coventis.models import Edition, Registration
from occitanie_ess.common.dbtools import constraint_error, constraint_name
from tests.coventis.factories import BuyerRegistrationFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def refusal(create) -> IntegrityError:
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        create()
    return caught.value


def test_the_broken_constraint_is_named_by_postgresql_and_speaks_french():
    registration = RegistrationFactory()
    error = refusal(
        lambda: Registration.objects.create(
            edition=registration.edition,
            user=registration.user,
            kind=Registration.Kind.VISITOR,
            badge_name="Autre",
        )
    )
    assert constraint_name(error) == "coventis_registration_one_per_person"
    refused = constraint_error(error, Registration)
    assert refused.messages == ["Vous êtes déjà inscrit à cette édition."]
    assert refused.code == "coventis_registration_one_per_person"


def test_a_check_constraint_too_and_another_models_constraint_is_a_general_refusal():
    error = refusal(lambda: BuyerRegistrationFactory(buyer_type=""))
    assert constraint_name(error) == "coventis_registration_buyer_type"
    assert constraint_error(error, Registration).messages == [
        "Un acheteur précise s'il est public ou une entreprise."
    ]
    general = constraint_error(error, Edition)
    assert general.messages == ["L'enregistrement a été refusé : réessayez."]
    assert general.code == "integrity"


def test_an_error_without_a_diagnostic_names_no_constraint():
    assert constraint_name(IntegrityError("sans diagnostic")) == ""
