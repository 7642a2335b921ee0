-- Search finds an assessment by its areas for improvement and its causes of
-- concern with their recommendations too, after its narrative, as the page
-- shows them (never by the rationale, which is for the editors). Every
-- assessment's search document is written again.
DROP VIEW search_sources;

CREATE VIEW search_sources AS
SELECT a.id AS assessment_id,
	o.name || ' ' || o.short_name || ' ' || f.programme || ' ' || f.cycle || ' ' || p.name AS names,
	TRIM(a.headline || ' ' ||
		COALESCE((SELECT group_concat(text, ' ') FROM (
			SELECT s.text FROM summary_paragraphs s WHERE s.assessment_id = a.id ORDER BY s.position)), '') || ' ' ||
		COALESCE((SELECT group_concat(text, ' ') FROM (
			SELECT b.text FROM judgments j JOIN questions q ON q.id = j.question_id JOIN judgment_blocks b ON b.judgment_id = j.id
			WHERE j.assessment_id = a.id AND b.kind = 'paragraph' ORDER BY q.number, b.position)), '') || ' ' ||
		COALESCE((SELECT group_concat(text, ' ') FROM (
			SELECT i.text FROM improvement_areas i WHERE i.assessment_id = a.id ORDER BY i.position)), '') || ' ' ||
		COALESCE((SELECT group_concat(text, ' ') FROM (
			SELECT c.text, c.position, -1 AS at FROM concerns c WHERE c.assessment_id = a.id
			UNION ALL
			SELECT r.text, r.concern, r.position FROM concern_recommendations r WHERE r.assessment_id = a.id
			ORDER BY 2, 3)), '')) AS text
FROM assessments a
JOIN organisations o ON o.id = a.organisation_id
JOIN pillars p ON p.id = a.pillar_id
JOIN frameworks f ON f.id = p.framework_id;

DELETE FROM search_documents;
INSERT INTO search_documents (assessment_id, names, text) SELECT assessment_id, names, text FROM search_sources;
