"""Goal documents, project goal tables, submissions (versions) and review comments."""
