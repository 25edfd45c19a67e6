"""Goal adjustment (绩效目标调整): change requests on approved projects, reviewed like the
original; the adjusted version is the one in force from its effective date."""
