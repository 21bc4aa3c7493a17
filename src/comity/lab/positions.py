"""The members' real positions: UN General Assembly roll calls, and how often the SCO's members
could have taken a common position on them under each decision rule of the charter.

The data are Voeten's UN General Assembly roll-call votes (Voeten, Strezhnev & Bailey,
Harvard Dataverse hdl:1902.1/12379, as packaged by the R package ``unvotes``), restricted to
the SCO's members, observers and partners plus the USA and Germany, sessions 46 to 74
(August 1992 to January 2020). comity ships them in ``comity/data/unga/`` with their
``PROVENANCE.md``; :func:`load_votes` reads them into a roll-call x state matrix of vote codes
(:mod:`comity.lab.votes`, the data model; the agreement index is in :mod:`comity.lab.agreement`
and the feasibility of a common position in :mod:`comity.lab.feasibility`; this module
re-exports all three)

======  =========  ==============================================================
code    name       meaning
======  =========  ==============================================================
``1``   ``YES``    voted yes
``2``   ``ABSTAIN`` abstained
``3``   ``NO``     voted no
``0``   ``ABSENT`` no recorded vote: absent, or not (yet) a member of the UN
======  =========  ==============================================================

(Voeten's own codes, with his 8 "absent" and 9 "not a member" both ``0``: the source had already
dropped those rows.)

**Agreement.** For states ``a`` and ``b`` and the roll calls ``T_ab`` on which both have a
recorded vote, the agreement index is

.. math:: A_{ab} = \\frac{f_{ab} + h \\, g_{ab}}{|T_{ab}|}

where ``f`` counts identical votes and ``g`` the roll calls on which one abstained and the
other voted yes or no. With ``h = 0`` (``abstention="vote"``, the default) an abstention is a
vote of its own, as in the usual share of identical votes; with ``h = 1/2``
(``abstention="half"``) it is Lijphart's (1963) index of agreement.

**Feasibility of a common position.** Each roll call is read as a draft on which the
organisation seeks a common position; the members' UN votes are their positions on it, and
the charter's rules (:mod:`comity.charter.rules`) decide whether the position would be
adopted. Yes is support, no is objection; what an abstention and an absence are is explicit
and configurable (:class:`Treatment`):

* abstention ``"abstention"`` (default): an abstention blocks no consensus, is not in favour,
  and is outside the votes cast; ``"objection"``: an abstention counts as an objection.
* absence ``"absent"`` (default, the charter's own reading): an absent member blocks no
  consensus, is not in favour, is outside the votes cast but inside "all members";
  ``"not_member"``: an absent member is left out of the electorate of that roll call (its
  weight too); ``"skip"``: roll calls on which any member (of any composition compared) has no
  vote are left out.

With ``Y``, ``O``, ``B``, ``n`` the numbers in favour, objecting and abstaining and the size of
the electorate on a roll call, and ``w`` the weights, a rule adopts when

==========================  =====================================================
rule                        adopted when
==========================  =====================================================
consensus                   ``O = 0`` (no member objects; Charter Art. 16)
consensus_minus_one         ``O <= 1`` (the one objecting state is the state concerned)
unanimity                   ``Y = n`` (every member present and in favour)
simple_majority             ``Y > (Y + O) / 2`` (more than half the votes cast)
qualified_majority          ``Y >= 2n/3`` (two thirds of all members)
weighted_majority           ``w(Y) >= w(N)/2`` (half the members' total weight)
double_majority             ``Y >= n/2`` and ``w(Y) >= w(N)/2``
==========================  =====================================================

with the thresholds of the rule objects given (the defaults of :mod:`comity.charter.rules`),
read from each rule's quotas (:attr:`~comity.charter.rules.DecisionRule.quotas`, the data its
own ``evaluate`` reads); every comparison is done exactly in integers. So, on every roll call,
unanimity implies consensus implies consensus minus one, and a larger electorate never adopts
by consensus what a smaller one, inside it, rejects.

>>> votes = load_votes()
>>> votes.roll_calls.count, len(votes.states)
(2491, 37)
>>> result = feasibility(votes, ["CHN", "RUS"], start=2010, end=2019, rules=["consensus"])
>>> result.roll_calls, round(result.no_objection, 3)
(926, 0.824)

References
----------
Bailey, M. A., Strezhnev, A., & Voeten, E. (2017). Estimating dynamic state preferences from
    United Nations voting data. *Journal of Conflict Resolution* 61(2), 430-456.
Lijphart, A. (1963). The analysis of bloc voting in the General Assembly: a critique and a
    proposal. *American Political Science Review* 57(4), 902-917.
Voeten, E. (2013). Data and analyses of voting in the UN General Assembly. In B. Reinalda
    (ed.), *Routledge Handbook of International Organization*, 54-66. Routledge.
Voeten, E., Strezhnev, A., & Bailey, M. (2009). United Nations General Assembly voting data.
    Harvard Dataverse, hdl:1902.1/12379.
"""

from __future__ import annotations

from comity.lab.agreement import Agreement, AgreementAbstention, agreement, plot_agreement
from comity.lab.feasibility import (
    ABSENCE_TREATMENTS,
    ABSTENTION_TREATMENTS,
    RULE_NAMES,
    WEIGHTED_RULES,
    AbsenceTreatment,
    AbstentionTreatment,
    Feasibility,
    RuleLike,
    Tally,
    Treatment,
    compositions,
    enlargement_days,
    enlargement_effect,
    feasibility,
    plot_enlargement,
    population_weights,
    what_if,
)
from comity.lab.votes import (
    ABSENT,
    ABSTAIN,
    ISSUES,
    NO,
    ROLL_CALL_COLUMNS,
    SHIPPED_SHA256,
    VOTE_CODES,
    VOTE_COLUMNS,
    VOTE_LABELS,
    YES,
    BoolArray,
    IntArray,
    RollCalls,
    Votes,
    _load_shipped,
    issue_mask,
    join_votes,
    load_votes,
    parse_sessions,
    read_dgacm,
    read_votes,
    select_sessions,
    shipped_csv,
    shipped_folder,
    source_for,
    source_for_sessions,
)

__all__ = [
    "ABSENCE_TREATMENTS",
    "ABSENT",
    "ABSTAIN",
    "ABSTENTION_TREATMENTS",
    "ISSUES",
    "NO",
    "ROLL_CALL_COLUMNS",
    "RULE_NAMES",
    "SHIPPED_SHA256",
    "VOTE_CODES",
    "VOTE_COLUMNS",
    "VOTE_LABELS",
    "WEIGHTED_RULES",
    "YES",
    "AbsenceTreatment",
    "AbstentionTreatment",
    "Agreement",
    "AgreementAbstention",
    "BoolArray",
    "Feasibility",
    "IntArray",
    "RollCalls",
    "RuleLike",
    "Tally",
    "Treatment",
    "Votes",
    "_load_shipped",
    "agreement",
    "compositions",
    "enlargement_days",
    "enlargement_effect",
    "feasibility",
    "issue_mask",
    "join_votes",
    "load_votes",
    "parse_sessions",
    "plot_agreement",
    "plot_enlargement",
    "population_weights",
    "read_dgacm",
    "read_votes",
    "select_sessions",
    "shipped_csv",
    "shipped_folder",
    "source_for",
    "source_for_sessions",
    "what_if",
]
