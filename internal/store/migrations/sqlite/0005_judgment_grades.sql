-- A cycle's counts of question grades read each assessment's judgments for
-- their questions and grades: this index holds both, so the counts never
-- read the judgments themselves.
CREATE INDEX judgments_grades ON judgments (assessment_id, question_id, grade_id);
