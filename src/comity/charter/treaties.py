"""When a document enters into force, from its own entry-into-force clause.

The clause is data (``EntryIntoForceCondition``), the deposits are events; this module only
counts. The SCO Charter, Art. 21: in force "on the thirtieth day following the date of the
deposit of the fourth instrument of ratification".

>>> charter = EntryIntoForceCondition(instruments=4, days_after=30)
>>> deposits = {"KAZ": date(2003, 7, 20), "CHN": date(2003, 8, 1),
...             "RUS": date(2003, 8, 10), "TJK": date(2003, 8, 20), "UZB": date(2003, 12, 1)}
>>> result = charter.apply(deposits)
>>> result.general, result.for_party["KAZ"], result.for_party["UZB"]
(datetime.date(2003, 9, 19), datetime.date(2003, 9, 19), datetime.date(2003, 12, 1))
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


@dataclass(frozen=True)
class EntryIntoForce:
    """The general entry-into-force date (if reached) and the date for each party."""

    general: date | None
    for_party: dict[str, date]


class EntryIntoForceCondition(BaseModel):
    """An entry-into-force clause.

    ``instruments``: how many instruments must be deposited (``None`` means all signatories);
    ``days_after``: days from the decisive deposit to entry into force (30 means "on the
    thirtieth day following", i.e. deposit date + 30 days); ``later_parties``: for a state
    depositing after entry into force, whether the document binds it on the day of its deposit
    or ``days_after`` days later; ``on_signature``: in force on signature (no ratification);
    ``denunciation_months``: how long after a notice of denunciation the document stops
    binding the state (``None``: the clause is not known, the notice must name the date).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    instruments: int | None = Field(default=None, ge=1)
    days_after: int = Field(default=0, ge=0)
    later_parties: Literal["on_deposit", "days_after_deposit"] = "on_deposit"
    on_signature: bool = False
    denunciation_months: int | None = Field(default=None, ge=0)

    def apply(
        self,
        deposits: Mapping[str, date],
        *,
        signatories: tuple[str, ...] = (),
        signed: date | None = None,
    ) -> EntryIntoForce:
        """Entry into force given each state's deposit date (states that have deposited)."""
        if self.on_signature:
            if signed is None:
                return EntryIntoForce(None, {})
            return EntryIntoForce(signed, dict.fromkeys(signatories, signed))
        needed = self.instruments if self.instruments is not None else len(signatories)
        ordered = sorted(deposits.items(), key=lambda kv: (kv[1], kv[0]))
        if needed == 0 or len(ordered) < needed:
            return EntryIntoForce(None, {})
        general = ordered[needed - 1][1] + timedelta(days=self.days_after)
        for_party: dict[str, date] = {}
        for state, deposited in ordered:
            if deposited <= ordered[needed - 1][1]:
                for_party[state] = general
            elif self.later_parties == "on_deposit":
                for_party[state] = max(deposited, general)
            else:
                for_party[state] = max(deposited + timedelta(days=self.days_after), general)
        return EntryIntoForce(general, for_party)


#: Who may become a party, as a document's final clauses say: ``closed`` (only the states
#: that concluded it; the Shanghai Five agreements of 1996 and 1997 bind China and the "Joint
#: Party" of Kazakhstan, Kyrgyzstan, Russia and Tajikistan), ``accession_after_entry_into_force``
#: (open to accession once in force, as the SCO's own treaties are), ``open_to_accession``
#: (open to accession at any time).
Participation = Literal["closed", "accession_after_entry_into_force", "open_to_accession"]


class FinalClauses(BaseModel):
    """What a treaty's final clauses say about joining it, with the text that says so.

    ``accession_days``: days from the deposit of an instrument of accession to the day the
    treaty binds the acceding state ("for the acceding state this Agreement enters into force
    on the thirtieth day..."); ``None`` where that clause was not seen: the state is then
    taken to be bound from the deposit.

    >>> FinalClauses(participation="closed").admits_accession
    False
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    participation: Participation
    accession_days: int | None = Field(default=None, ge=0)

    @property
    def admits_accession(self) -> bool:
        return self.participation != "closed"
