-- One commitment's status, year by year: the lineage of deliverable E1 of the 2017/18 report.
SELECT l.period, l.ref, l.status, d.flags
FROM lineage AS l
JOIN deliverables AS d ON d.doc_id = l.doc_id AND d.id = l.id
WHERE l.lineage_id = (SELECT lineage_id FROM lineage WHERE doc_id = 'lga-2017-18-q4' AND ref = 'E1')
ORDER BY l.period;
