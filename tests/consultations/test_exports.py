"""consultations.exports: a person's proposals and supports in their data export."""

from accounts.privacy import export_user_data
from tests.consultations.factories import SupportFactory


def test_export_includes_proposals_and_supports(resident, other_resident, proposal):
    SupportFactory(proposal=proposal, user=resident)
    author = export_user_data(other_resident)
    assert author["proposals"][0]["title"] == "Ciclovía por la costanera"
    assert author["proposals"][0]["consultation"] == "Ciclovías regionales"
    supporter = export_user_data(resident)
    assert supporter["supports"][0]["proposal"] == "Ciclovía por la costanera"
    assert supporter["proposals"] == []
