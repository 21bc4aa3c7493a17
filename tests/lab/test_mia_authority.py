"""comity's SCO charter data beside the Measure of International Authority's pooling codes.

Source: MIA-Authority, version of 31 May 2021 (Hooghe, L., Marks, G., Lenz, T., Bezuijen, J.,
Ceka, B. & Derderyan, S. (2017), *Measuring International Authority: A Postfunctionalist
Theory of Governance*, vol. III, OUP), the SCO's rows 2002-2019 as extracted in
``data/mia-authority/`` (PROVENANCE.md: reproduced byte for byte from ``DP_May 2021.dta`` in
github.com/globalgov/manyios). MIA's pooling is not the voting rule alone: it is "higher with
majority voting, with less need for ratification and with binding decisions" (the codebook as
PROVENANCE.md paraphrases it), so a positive score under consensus does not say that a member
can be outvoted. comity's data code the rule and who decides, not bindingness.
"""

from __future__ import annotations

import csv
import hashlib
from datetime import date
from fractions import Fraction
from functools import cache
from pathlib import Path

import pytest

from comity.errors import InputError, NoCharterInForceError
from comity.lab.authority import AREA_SOURCES, MIA_AREAS, charter_pooling

DATA = Path(__file__).parent / "data" / "mia-authority" / "mia_dp_may2021_sco_2002_2019.csv"
SHA256 = "2136e3a373d6be6186d5c14c315db5ed4a08bc7e63800a6bb056e5a11a823073"  # PROVENANCE.md


@cache
def mia() -> dict[int, dict[str, Fraction]]:
    """MIA's pooling by area and year, rounded to 6 decimals (Stata float32 values)."""
    raw = DATA.read_bytes()
    assert hashlib.sha256(raw).hexdigest() == SHA256
    rows = csv.DictReader(raw.decode("utf-8").splitlines())
    return {
        int(r["year"]): {a: Fraction(round(float(r[c]), 6)).limit_denominator(1_000_000)
                         for a, c in MIA_AREAS.items()}
        for r in rows
    }  # fmt: skip


def test_no_sco_body_pools_authority_by_majority_in_any_year() -> None:
    # Charter Art. 16: every body decides by consensus, suspension by consensus minus one.
    for year in range(2003, 2020):
        found = charter_pooling("sco", date(year, 12, 31))
        assert not any(rule.pools_by_majority for rule in found.values()), year
        assert found["suspension"].rule == "consensus_minus_one"
        assert found["suspension"].pooling == "veto_but_concerned"
        for area in ("constitution", "budget", "policy"):
            assert (found[area].rule, found[area].pooling) == ("consensus", "veto"), area
        assert found["budget"].body == "CHG"
        assert found["compliance"].pooling == "no_procedure"


def test_where_comity_and_mia_agree_financial_non_compliance() -> None:
    # Neither pools anything: no measure in the Charter, 0 in MIA in every year.
    assert all(year["compliance"] == 0 for year in mia().values())
    assert charter_pooling("sco", date(2019, 12, 31))["compliance"].rule is None


def test_every_disagreement_and_what_explains_it() -> None:
    codes = mia()
    assert sorted(codes) == list(range(2002, 2020))
    base = Fraction(33, 100)
    for year, area in codes.items():
        # 1. Accession and suspension, 0.33 in every year though every member keeps a veto
        #    on accession (the Council's consensus) and all but the state concerned on
        #    suspension. MIA scores the two alike, so its pooling here is not the voting
        #    rule (which differs) but what the two share: a final decision of the Council
        #    of Heads of State, binding, with no ratification.
        assert area["accession"] == area["suspension"] == base
        # 2. Constitutional reform a quarter of that: the same Council's consensus, and a
        #    protocol amending the Charter needs ratification (Protocol of 2003, Art. 2; in
        #    comity's data, entry into force on the fourth instrument).
        assert area["constitution"] == base / 4
        # 3. Budget half of it: the Council of Heads of Government by consensus.
        assert area["budget"] == base / 2
        # 4. Policy: 0.12375 to 2003, 0.309375 from 2004, when the Secretariat and RATS
        #    began work (MIA's delegation rises from 0 to 1/12 the same year); the charter's
        #    rule for the Council did not change (consensus throughout), so the step is
        #    MIA's coding of the new bodies' part, not a majority.
        assert area["policy"] == (Fraction(12375, 100_000) if year < 2004 else
                                  Fraction(309375, 1_000_000))  # fmt: skip
        assert all(area[a] > 0 for a in ("accession", "suspension", "constitution", "budget"))
    charter = charter_pooling("sco", date(2003, 12, 31))
    assert charter["policy"].rule == charter_pooling("sco", date(2004, 12, 31))["policy"].rule
    # 5. Accession before 2010: comity's data hold the admission procedure from the
    #    Regulation of 11 June 2010 only; MIA codes accession from 2002 (Charter Art. 13).
    assert charter["accession"].pooling == "no_procedure"
    assert charter_pooling("sco", date(2010, 12, 31))["accession"].rule == "consensus"
    # 6. 2002: the Charter was not yet in force (19 September 2003); MIA codes 2002 as 2003.
    assert codes[2002] == codes[2003]
    with pytest.raises(NoCharterInForceError):  # comity's data start on 2001-06-15
        charter_pooling("sco", date(2000, 1, 1))


@pytest.mark.skipif("asean" in AREA_SOURCES, reason="ASEAN's areas are mapped: test them")
def test_another_organisation_needs_its_table_of_areas_first() -> None:
    # The hook for ASEAN: give AREA_SOURCES["asean"] once its charter data exist.
    with pytest.raises(InputError, match="no decision areas are mapped"):
        charter_pooling("asean", date(2019, 12, 31))
