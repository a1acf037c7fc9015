-- One level's m, u and weight of a model version (the prior is comparison 'prior', level 0).
-- Params: :model_version, :comparison, :level, :label, :m_probability, :u_probability, :weight
insert into match.model_levels (model_version, comparison, level, label, m_probability, u_probability, weight)
values (:model_version, :comparison, :level, :label, :m_probability, :u_probability, :weight)
