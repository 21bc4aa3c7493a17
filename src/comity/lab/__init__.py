"""The research lab: analyses computed from games, charters and the record.

:mod:`comity.lab.power` measures voting power (Banzhaf, Shapley-Shubik, Coleman) exactly.
Pure computation with numpy; nothing here touches the database, the web or the CLI.
"""
