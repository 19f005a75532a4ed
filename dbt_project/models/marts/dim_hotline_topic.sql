-- The topics of hotline contacts (conformed dimension): the classifier's ten codes plus
-- 'unknown' for contacts without text, with Thai and English names. From seed
-- ref_hotline_topics; one row per topic.
select
    cast(topic_code as {{ dbt.type_string() }}) as topic_code,
    cast(topic_name_th as {{ dbt.type_string() }}) as topic_name_th,
    cast(topic_name_en as {{ dbt.type_string() }}) as topic_name_en,
    cast(usual_menu_option as integer) as usual_menu_option,
    cast(sort_order as integer) as sort_order,
    cast(topic_code <> 'unknown' as boolean) as is_classifier_topic
from {{ ref('ref_hotline_topics') }}
