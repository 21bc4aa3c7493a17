"""The research lab: analyses computed from games, charters and the record.

:mod:`comity.lab.power` measures voting power (Banzhaf, Shapley-Shubik, Coleman) exactly;
:mod:`comity.lab.games` turns a charter's decision rule and electorate into a simple game;
:mod:`comity.lab.simulate` gives passage probabilities as membership grows, exactly and in a
spatial model; :mod:`comity.lab.reform` compares a reform with the charter as it is on the
record; :mod:`comity.lab.share` and :mod:`comity.lab.worldbank` give the members' share of
world GDP and population; :mod:`comity.lab.positions` measures the members' agreement in UN
General Assembly votes and how often each rule would have let them take a common position,
and :mod:`comity.lab.ideal_points` estimates their positions (ideal points) from those votes.
Pure computation with numpy; nothing here touches the database, the web or the CLI.
"""
