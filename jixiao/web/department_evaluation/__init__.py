"""Department-wide self-evaluation (部门整体支出绩效自评): the department indicator table's
actual values, the roll-up of the projects' spending, the page and the 自评表 export."""
