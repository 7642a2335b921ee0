-- Search finds an assessment by its areas for improvement and its causes of
-- concern with their recommendations too, after its narrative, as the page
-- shows them (never by the rationale, which is for the editors). Every
-- assessment's search document is written again.
CREATE OR REPLACE VIEW search_sources AS
SELECT a.id AS assessment_id,
	o.name || ' ' || o.short_name || ' ' || f.programme || ' ' || f.cycle || ' ' || p.name AS names,
	TRIM(a.headline || ' ' ||
		COALESCE((SELECT string_agg(s.text, ' ' ORDER BY s.position) FROM summary_paragraphs s WHERE s.assessment_id = a.id), '') || ' ' ||
		COALESCE((SELECT string_agg(b.text, ' ' ORDER BY q.number, b.position)
			FROM judgments j JOIN questions q ON q.id = j.question_id JOIN judgment_blocks b ON b.judgment_id = j.id
			WHERE j.assessment_id = a.id AND b.kind = 'paragraph'), '') || ' ' ||
		COALESCE((SELECT string_agg(i.text, ' ' ORDER BY i.position) FROM improvement_areas i WHERE i.assessment_id = a.id), '') || ' ' ||
		COALESCE((SELECT string_agg(x.text, ' ' ORDER BY x.concern, x.position) FROM (
			SELECT c.text, c.position AS concern, -1 AS position FROM concerns c WHERE c.assessment_id = a.id
			UNION ALL
			SELECT r.text, r.concern, r.position FROM concern_recommendations r WHERE r.assessment_id = a.id) x), '')) AS text
FROM assessments a
JOIN organisations o ON o.id = a.organisation_id
JOIN pillars p ON p.id = a.pillar_id
JOIN frameworks f ON f.id = p.framework_id;

DELETE FROM search_documents;
INSERT INTO search_documents (assessment_id, names, text) SELECT assessment_id, names, text FROM search_sources;
