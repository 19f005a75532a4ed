-- Guideline 3 (hotline 1506): how far to trust the topics. One row per model version x
-- evaluation set x topic: precision, recall and F1 per topic, and the set's accuracy and
-- macro-F1 (the unweighted mean of the F1 of the topics present in the set: the same on every
-- row of a set). Three evaluation sets:
--   held_out_templates  simulated texts from phrasing templates the model never saw (seed,
--                       measured when the model was built: ingestion/sources/sso_hotline/topics.py)
--   hand_written        caller texts written by hand, not by the simulator (seed, idem)
--   agent_labels        the warehouse's own contacts: the classifier against the category the
--                       agent filed (agents err too, so this understates the model).
with offline as (
    select * from {{ ref('ref_hotline_classifier_quality') }}
),

current_models as (
    select distinct model_version from offline
),

topics as (
    select * from {{ ref('dim_hotline_topic') }}
    where is_classifier_topic
),

contacts as (
    select * from {{ ref('fct_hotline_contacts') }}
    where topic_code <> 'unknown'
),

labelled as (
    select
        topic_model_version as model_version,
        topic_code,
        agent_category
    from contacts
    where agent_category is not null
),

labelled_versions as (
    select distinct model_version from labelled
),

version_counts as (
    select
        topic_model_version as model_version,
        count(*) as contacts_labelled
    from contacts
    group by topic_model_version
),

per_topic as (
    select
        labelled_versions.model_version,
        topics.topic_code,
        sum(
            case
                when labelled.topic_code = topics.topic_code and labelled.agent_category = topics.topic_code
                    then 1
                else 0
            end
        ) as true_positives,
        sum(case when labelled.topic_code = topics.topic_code then 1 else 0 end) as predicted,
        sum(case when labelled.agent_category = topics.topic_code then 1 else 0 end) as topic_texts
    from labelled_versions
    cross join topics
    left join labelled
        on labelled_versions.model_version = labelled.model_version
    group by labelled_versions.model_version, topics.topic_code
),

scored as (
    select
        model_version,
        topic_code,
        topic_texts,
        coalesce(1.0 * true_positives / nullif(predicted, 0), 0) as precision_score,
        coalesce(1.0 * true_positives / nullif(topic_texts, 0), 0) as recall_score
    from per_topic
),

totals as (
    select
        model_version,
        count(*) as texts_in_set,
        sum(case when topic_code = agent_category then 1 else 0 end) as agreeing
    from labelled
    group by model_version
),

live as (
    select
        scored.model_version,
        'agent_labels' as evaluation_set,
        scored.topic_code,
        totals.texts_in_set,
        scored.topic_texts,
        scored.precision_score,
        scored.recall_score,
        coalesce(
            2 * scored.precision_score * scored.recall_score
            / nullif(scored.precision_score + scored.recall_score, 0),
            0
        ) as f1_score,
        1.0 * totals.agreeing / totals.texts_in_set as accuracy
    from scored
    inner join totals
        on scored.model_version = totals.model_version
),

live_macro as (
    select
        model_version,
        avg(case when topic_texts > 0 then f1_score end) as macro_f1
    from live
    group by model_version
),

all_sets as (
    select
        model_version,
        evaluation_set,
        topic_code,
        texts_in_set,
        topic_texts,
        precision_score,
        recall_score,
        f1_score,
        accuracy,
        macro_f1
    from offline
    union all
    select
        live.model_version,
        live.evaluation_set,
        live.topic_code,
        live.texts_in_set,
        live.topic_texts,
        live.precision_score,
        live.recall_score,
        live.f1_score,
        live.accuracy,
        live_macro.macro_f1
    from live
    inner join live_macro
        on live.model_version = live_macro.model_version
)

select
    cast(all_sets.model_version as {{ dbt.type_string() }}) as model_version,
    cast(current_models.model_version is not null as boolean) as is_current_model,
    cast(all_sets.evaluation_set as {{ dbt.type_string() }}) as evaluation_set,
    cast(case all_sets.evaluation_set
        when 'held_out_templates' then 'ข้อความจำลองจากรูปแบบประโยคที่โมเดลไม่เคยเห็น'
        when 'hand_written' then 'ข้อความผู้ติดต่อที่เขียนขึ้นเอง (ไม่ใช่จากตัวจำลอง)'
        when 'agent_labels' then 'เทียบกับหมวดที่เจ้าหน้าที่บันทึก (ข้อมูลจริงในคลัง)'
    end as {{ dbt.type_string() }}) as evaluation_name_th,
    cast(case all_sets.evaluation_set
        when 'held_out_templates' then 'Simulated texts from phrasing templates the model never saw'
        when 'hand_written' then 'Caller texts written by hand (not by the simulator)'
        when 'agent_labels' then 'Agreement with the categories agents filed (warehouse contacts)'
    end as {{ dbt.type_string() }}) as evaluation_name_en,
    cast(all_sets.topic_code as {{ dbt.type_string() }}) as topic_code,
    topics.topic_name_th,
    topics.topic_name_en,
    cast(all_sets.texts_in_set as integer) as texts_in_set,
    cast(all_sets.topic_texts as integer) as topic_texts,
    cast(all_sets.precision_score as decimal(6, 4)) as precision_score,
    cast(all_sets.recall_score as decimal(6, 4)) as recall_score,
    cast(all_sets.f1_score as decimal(6, 4)) as f1_score,
    cast(all_sets.accuracy as decimal(6, 4)) as accuracy,
    cast(all_sets.macro_f1 as decimal(6, 4)) as macro_f1,
    cast(coalesce(version_counts.contacts_labelled, 0) as bigint) as contacts_labelled
from all_sets
left join current_models
    on all_sets.model_version = current_models.model_version
left join topics
    on all_sets.topic_code = topics.topic_code
left join version_counts
    on all_sets.model_version = version_counts.model_version
