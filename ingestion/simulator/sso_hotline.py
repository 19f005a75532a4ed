"""Hotline 1506 (สายด่วน 1506, the SSO / Ministry of Labour call centre): the contacts its
system serves through a paged JSON API, and the truth tables the marts must equal.

A real hotline system is not a file drop: the pipeline pulls from its API. So this simulator
writes the contacts to the API's *file store*, ``data/sources/sso_hotline/_api/contacts.jsonl``
(a folder starting with ``_`` holds no deliveries: landing ignores it), and
:mod:`ingestion.simulator.http_api` serves that store paged, filtered by ``updated_since``.
The connector (ingestion/sources/sso_hotline/source.yaml) pulls from it into raw drops.

One JSON object per contact (its state at the end of the last simulated month)::

    {"contact_id": "H1506-20240105-000042", "contact_at": "2024-01-05T09:12:44+07:00",
     "updated_at": "2024-01-05T09:19:02+07:00", "menu_option": 1, "channel": "phone",
     "issue_text": "สวัสดีค่ะ ลาออกจากงานมา 2 เดือน จะขอรับเงินว่างงานต้องทำยังไงคะ",
     "agent_category": "unemployment", "answered": true, "auto_answered": false,
     "wait_seconds": 64, "handle_seconds": 314, "resolved_first_contact": true,
     "contact_type": "inquiry", "case_status": "closed",
     "closed_at": "2024-01-05T09:19:02+07:00", "national_id": "1-1017-00230-70-8"}

Assumptions (volumes are not published, DOMAIN.md): **4,000 contacts a day at scale 1.0**
(the Department of Employment's 1694 line alone took 700-800 calls a day), 45 % fewer at
weekends; 65 % phone, 25 % LINE, 10 % web. Menu option 1 (SSO) takes most contacts,
2 (Department of Employment) job seeking and work permits (and part of unemployment, which is
registered there), 3 (labour protection) complaints about employers; 5 % press the wrong option.
Phone callers hang up when the queue outlasts their patience (abandoned: no text, no agent); a
chatbot answers 40 % of LINE and web contacts and 8 % of calls by self-service (auto-answered).
Agents file a category: the true topic 90 % of the time. A contact not resolved at first contact
opens a case that closes days later (complaints later than inquiries); the store holds each
contact as it stands at the end of the last month, so cases still open then are the backlog
(aged to the day of the latest change in the store). The topic mix drifts month to month and
one topic may surge (rising topics).

The caller's issue is free Thai text as people type or an agent notes it: about 230 phrasing
templates (ten topics), each filled with numbers (Arabic or Thai digits, or words), amounts,
places and hospitals, wrapped in colloquial openers and particles (ครับ, ค่ะ, คะ, จ้า, อ่ะ, นะ),
sprinkled with English loanwords (OT, work permit, app, layoff) and common misspellings. The
classifier (ingestion.sources.sso_hotline.topics) is trained on a labelled corpus of these texts
(:func:`training_corpus`, committed as ingestion/sources/sso_hotline/training_texts.csv); its test
split holds out whole templates (every :data:`HELD_OUT_EVERY`-th of a topic), so the measured
macro-F1 is on phrasings it never saw.

Random numbers come only from ``world.stream("sso_hotline", year, month)`` (the training corpus,
which needs no world, from its own generator seeded the same way).
"""

from __future__ import annotations

import argparse
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from .source_system import SourceSimulator, SourceSummary, Tick
from .world import Month, World, normalise

# ------------------------------------------------------------------ the API's file store

STORE = "_api/contacts.jsonl"  # under data/sources/sso_hotline: the API's store, not a delivery
TRUTH_MONTHLY = "hotline_contacts_by_month.csv"
TRUTH_TOPICS = "hotline_contact_topics.csv"
TRUTH_BACKLOG = "hotline_backlog.csv"

# ------------------------------------------------------------------ magnitudes (assumed)

CONTACTS_PER_DAY = 4_000  # at scale 1.0, weekdays and weekends together (DOMAIN.md: assume)
WEEKEND_FACTOR = 0.55
CHANNELS = ("phone", "line", "web")
CHANNEL_SHARE = (0.65, 0.25, 0.10)
AUTO_SHARE = {"phone": 0.08, "line": 0.40, "web": 0.40}  # answered by the chatbot / IVR
AGENT_ACCURACY = 0.90  # share of agent categories equal to the true topic
WRONG_OPTION = 0.05  # callers who press another department's option
ID_GIVEN = {"phone": 0.45, "line": 0.30, "web": 0.60}  # callers who give their national ID
ID_IN_TEXT = 0.01  # of callers who give their ID, those who type it in the text (masked)
AGE_BANDS = ((0, 7, "0-7"), (8, 30, "8-30"), (31, 90, "31-90"), (91, 10**6, "91+"))

TOPICS = (
    "unemployment",
    "medical",
    "maternity_child",
    "old_age",
    "contributions",
    "work_injury",
    "labour_protection",
    "job_seeking",
    "work_permit",
    "other",
)
TOPIC_SHARE = (0.12, 0.20, 0.09, 0.08, 0.17, 0.05, 0.09, 0.07, 0.06, 0.07)
#: the department (menu option) that handles each topic: (option, probability) pairs
TOPIC_OPTION = {
    "unemployment": ((1, 0.6), (2, 0.4)),  # benefit at SSO, registration at DOE
    "medical": ((1, 1.0),),
    "maternity_child": ((1, 1.0),),
    "old_age": ((1, 1.0),),
    "contributions": ((1, 1.0),),
    "work_injury": ((1, 0.8), (3, 0.2)),
    "labour_protection": ((3, 1.0),),
    "job_seeking": ((2, 1.0),),
    "work_permit": ((2, 1.0),),
    "other": ((1, 0.6), (2, 0.2), (3, 0.2)),
}
COMPLAINT_SHARE = {"labour_protection": 0.8, "work_injury": 0.3}  # others: 5 %
CLOSE_DAYS = {"inquiry": 10.0, "complaint": 35.0}  # mean days a follow-up case stays open

# ------------------------------------------------------------------ the texts

#: Phrasing templates per topic. ``{slot}`` is filled from :data:`SLOTS`. Every
#: ``HELD_OUT_EVERY``-th template of a topic (index % HELD_OUT_EVERY == HELD_OUT_EVERY - 1) is
#: only in the test split of the training corpus.
TEMPLATES: dict[str, tuple[str, ...]] = {
    "unemployment": (
        "ลาออกจากงานมา {n} เดือนแล้ว จะขอรับเงินว่างงานต้องทำยังไง",
        "โดนเลิกจ้าง อยากทราบว่าจะได้เงินทดแทนกรณีว่างงานกี่เปอร์เซ็นต์",
        "ขึ้นทะเบียนว่างงานไปแล้ว แต่เงินยังไม่เข้าบัญชีเลย",
        "ยื่นเรื่องว่างงานผ่าน{app}แล้ว ต้องไปรายงานตัวทุกเดือนไหม",
        "บริษัทปิดกิจการ เลิกจ้างทั้งหมด ต้องไปขึ้นทะเบียนคนว่างงานที่ไหน",
        "เงินทดแทนว่างงาน ลาออกเองได้ 30% ใช่ไหม",
        "รายงานตัวว่างงานไม่ทัน เลยกำหนดมา {n} วัน จะโดนตัดสิทธิ์มั้ย",
        "ตกงานอยู่ ไม่รู้ว่าต้องยื่นเอกสารอะไรบ้างเพื่อรับเงินว่างงาน",
        "สถานะว่างงานขึ้นว่ารออนุมัติ นานแค่ไหนกว่าจะได้",
        "เงินว่างงานงวดที่ {n} ยังไม่โอนมา",
        "ถูก layoff จากโรงงาน ขอรับสิทธิ์ว่างงานได้ไหม",
        "หมดสัญญาจ้าง ถือว่าถูกเลิกจ้างหรือลาออก ได้เงินว่างงานเท่าไหร่",
        "ว่างงานได้สูงสุดกี่วัน 180 วันหรือ 90 วัน",
        "ลาออกแล้วนายจ้างยังไม่แจ้งออก เลยขึ้นทะเบียนว่างงานไม่ได้",
        "ยื่นว่างงานออนไลน์ไม่ผ่าน ระบบแจ้งว่าข้อมูลไม่ตรง",
        "ได้รับหนังสือเลิกจ้างแล้ว ต้องไปยื่นที่สำนักงานจัดหางานหรือประกันสังคม",
        "เงินชดเชยการว่างงานได้คิดจากฐานเงินเดือนเท่าไหร่ เงินเดือน {amt}",
        "ลาออกมาได้ {n} อาทิตย์ ยังไม่ได้ลงทะเบียนเลย ทันไหม",
        "รายงานตัวออนไลน์ครบแล้ว แต่เงินทดแทนการว่างงานเดือนนี้ไม่เข้า",
        "ถูกพักงานไม่ได้รับค่าจ้าง ขอรับประโยชน์ทดแทนว่างงานได้ไหม",
        "ได้งานใหม่แล้ว ต้องแจ้งยกเลิกรับเงินว่างงานที่ไหน",
        "เงินว่างงานโดนตัดเพราะไม่ได้ไปสัมภาษณ์งานตามนัด",
        "โรงงานหยุดชั่วคราวเพราะเศรษฐกิจ ลูกจ้างได้เงินว่างงาน 50% ไหม",
        "ว่างงานอยู่ยังต้องส่งเงินสมทบเองด้วยหรือเปล่า จะได้ไม่เสียสิทธิ์",
    ),
    "medical": (
        "ไปหาหมอที่{hosp} ใช้สิทธิ์ประกันสังคมได้ไหม",
        "จะเปลี่ยนโรงพยาบาลประกันสังคม เปลี่ยนได้ช่วงไหนของปี",
        "ทำฟัน ขูดหินปูน เบิกได้ปีละ {amt} ใช่ไหม",
        "นอนโรงพยาบาล {n} วัน ค่าห้องเบิกได้หรือเปล่า",
        "ป่วยต้องหยุดงานหลายวัน ได้เงินทดแทนการขาดรายได้ยังไง",
        "ไป{hosp}แล้วเค้าบอกว่าสิทธิ์ยังไม่ขึ้น ทั้งที่ทำงานมา {n} เดือน",
        "ตัดแว่นสายตา เบิกค่าแว่นได้ไหม",
        "ผ่าตัดต้อกระจก ต้องสำรองจ่ายก่อนหรือเปล่า",
        "เข้า{hosp}ตอนฉุกเฉิน ไม่ใช่รพ.ตามสิทธิ์ จะเบิกคืนได้ไหม",
        "ขอเช็คสิทธิ์รักษาพยาบาลว่าตอนนี้อยู่โรงพยาบาลไหน",
        "ฟอกไตทุกอาทิตย์ ประกันสังคมจ่ายให้เดือนละเท่าไหร่",
        "หมอนัดผ่าตัด แต่{hosp}เรียกเก็บเพิ่มอีก {amt} บาท",
        "ตรวจสุขภาพประจำปีฟรีได้กี่รายการ",
        "ไม่สบายเป็นไข้ คลินิกใกล้บ้านใช้บัตรประกันสังคมได้ไหม",
        "ค่าทำฟันเกิน {amt} ต้องจ่ายส่วนเกินเองใช่ไหม",
        "เป็นมะเร็ง คีโมรักษาฟรีที่{hosp}ได้ไหม",
        "บัตรประกันสังคมเลือกโรงพยาบาลได้กี่แห่ง",
        "ป่วยเข้าโรงพยาบาล ลาป่วยเกิน 30 วัน ใครจ่ายค่าจ้าง",
        "ยาที่หมอสั่งไม่มีในบัญชี ต้องซื้อเองไหม",
        "ปวดท้องหนัก ไปห้องฉุกเฉิน{hosp} ไม่ต้องจ่ายใช่ไหม",
        "ทำเลสิกหรือใส่เลนส์ เบิกประกันสังคมได้ไหม",
        "เพิ่งได้บัตรรับรองสิทธิ์ ใช้รักษาได้เลยหรือต้องรอ 3 เดือน",
        "ผ่าตัดไส้ติ่งไปแล้ว {hosp}เก็บเงิน {amt} บาท จะขอคืนได้ไหม",
    ),
    "maternity_child": (
        "คลอดลูกแล้ว เบิกค่าคลอดได้เท่าไหร่",
        "เงินสงเคราะห์บุตรเดือนละ {amt} ยังไม่เข้ามา {n} เดือนแล้ว",
        "ฝากครรภ์เบิกได้กี่ครั้ง",
        "สามีเป็นผู้ประกันตน ภรรยาไม่มีประกัน เบิกค่าคลอดได้ไหม",
        "ยื่นขอเงินสงเคราะห์บุตรต้องใช้สูติบัตรตัวจริงหรือเปล่า",
        "ลาคลอด 98 วัน ได้เงินจากประกันสังคมกี่วัน",
        "{kid}อายุ {n} ขวบ ยังได้เงินสงเคราะห์บุตรอยู่ไหม",
        "ผ่าคลอด ค่าใช้จ่ายเกินเหมาจ่าย เบิกเพิ่มได้มั้ย",
        "{kid}คนที่ 3 ได้สิทธิ์สงเคราะห์บุตรด้วยไหม",
        "เงินค่าคลอดเหมาจ่ายจะได้ตอนไหน โอนเข้าบัญชีหรือเปล่า",
        "แท้งบุตร เบิกได้เหมือนคลอดไหม",
        "เพิ่งคลอดน้อง จะขอเงินอุดหนุนบุตรเพิ่มต้องทำยังไง",
        "เงินค่าเลี้ยงดูบุตรหยุดจ่ายกะทันหัน",
        "ตั้งครรภ์ {n} เดือน ยังไม่ครบ 5 เดือนที่ส่งเงิน จะเบิกคลอดได้ไหม",
        "ลูกเพิ่งเกิดได้ {n} อาทิตย์ ยื่นเงินสงเคราะห์บุตรออนไลน์ได้ไหม",
        "คลอดที่{hosp} เบิกเหมาจ่าย 15,000 ได้เลยไหม",
        "ภรรยาตั้งท้อง สามีเบิกค่าฝากครรภ์แทนได้หรือเปล่า",
        "เงินสงเคราะห์บุตรเข้าบัญชีวันที่เท่าไหร่ของเดือน",
        "คลอดก่อนกำหนด {kid}ต้องอยู่ตู้อบ ค่าใช้จ่ายเบิกได้ไหม",
        "ออกจากงานตอนท้อง {n} เดือน ยังเบิกค่าคลอดได้ไหม",
        "ขอเปลี่ยนบัญชีรับเงินสงเคราะห์บุตร",
        "มีลูก 2 คน ได้เงินสงเคราะห์บุตรคนละ {amt} ใช่ไหม",
        "พ่อกับแม่เป็นผู้ประกันตนทั้งคู่ ใครควรเป็นคนยื่นขอค่าคลอด",
    ),
    "old_age": (
        "อายุครบ 55 แล้ว จะขอเงินชราภาพต้องทำยังไง",
        "เงินบำนาญชราภาพได้เดือนละเท่าไหร่ ส่งมา {n2} ปีแล้ว",
        "บำเหน็จกับบำนาญชราภาพต่างกันยังไง",
        "อยากเช็คยอดเงินออมชราภาพของตัวเอง",
        "ขอเงินชราภาพคืนก่อนอายุ 55 ได้ไหม",
        "เกษียณแล้วแต่ยังส่ง {sec} ต่อ จะได้บำนาญเพิ่มไหม",
        "บำนาญชราภาพเข้าบัญชีวันที่เท่าไหร่ของเดือน",
        "ยื่นเรื่องขอบำเหน็จไปแล้ว {n} เดือน ยังไม่ได้เงินเลย",
        "เงินออมชราภาพ {sec} จะได้คืนตอนอายุ 60 ใช่ไหม",
        "ส่งเงินครบ 180 เดือนหรือยัง อยากรู้ว่าได้บำนาญไหม",
        "พ่อได้บำนาญอยู่แล้วเสียชีวิต ทายาทได้เงินอะไรบ้าง",
        "อายุ 60 ทำงานต่อได้ไหม แล้วบำนาญจะถูกระงับหรือเปล่า",
        "สูตรคำนวณบำนาญ 20% ของค่าจ้างเฉลี่ย 60 เดือนสุดท้าย",
        "รับบำเหน็จชราภาพไปแล้ว กลับมาเป็นผู้ประกันตนใหม่ได้ไหม",
        "ครบอายุ 55 วันไหนถึงจะยื่นขอบำนาญได้",
        "ส่งประกันสังคมมา {n2} ปี ออกจากงานตอนอายุ 50 จะได้บำเหน็จไหม",
        "บำนาญชราภาพได้ตลอดชีวิตหรือเปล่า",
        "อยากรู้ยอดเงินสะสมกรณีชราภาพ ดูใน{app}ตรงไหน",
        "ผู้รับบำนาญเสียชีวิตภายใน 60 เดือน ทายาทได้บำเหน็จตกทอดไหม",
        "ยื่นเรื่องเงินชราภาพต้องไปเองหรือให้ลูกไปแทนได้",
        "เงินก้อนชราภาพ ม.39 คำนวณยังไง",
        "ขอรับบำนาญแทนบำเหน็จได้ไหม ส่งไม่ถึง 180 เดือน",
        "อายุ 58 ยังไม่ได้ยื่นเรื่องชราภาพเลย เสียสิทธิ์ไหม",
    ),
    "contributions": (
        "สมัคร {sec} ได้ที่ไหน จ่ายเดือนละเท่าไหร่",
        "ลาออกจากงานแล้ว อยากส่งต่อ ม.39 ต้องสมัครภายในกี่เดือน",
        "ขาดส่ง {sec} ไป {n} เดือน สิทธิ์หลุดหรือยัง",
        "{emp}หักเงินประกันสังคมทุกเดือน แต่ไม่นำส่ง",
        "เงินเดือน {amt} ต้องหักเงินสมทบเดือนละเท่าไหร่",
        "ขอเปลี่ยนทางเลือก ม.40 จากทางเลือก 1 เป็นทางเลือก 3",
        "จ่ายเงินสมทบ {sec} ผ่านเซเว่นได้ไหม",
        "อยากเช็คยอดเงินสมทบย้อนหลัง {n} ปี",
        "เข้างานใหม่ {emp}ต้องแจ้งขึ้นทะเบียนผู้ประกันตนภายในกี่วัน",
        "ตัดบัตรเครดิตจ่าย ม.39 ไม่ผ่าน ต้องทำยังไง",
        "ลาออกไปแล้วแต่ยังโดนหักเงินสมทบอยู่",
        "สิ้นสภาพ ม.39 ไปแล้ว สมัครใหม่ได้ไหม",
        "ค่าจ้างเกิน 15,000 หักสมทบสูงสุดแค่ 750 ใช่ไหม",
        "สมัครมาตรา 40 ผ่าน{app}ไม่ได้ ขึ้นว่าไม่มีสิทธิ์",
        "ย้ายจาก ม.33 ไป ม.39 เงินสมทบลดเหลือเท่าไหร่",
        "เป็นฟรีแลนซ์ สมัครผู้ประกันตน {sec} ได้ไหม",
        "จ่าย ม.40 ย้อนหลังได้กี่เดือน",
        "นายจ้างแจ้งเงินเดือนต่ำกว่าจริง เงินสมทบเลยน้อย",
        "ตรวจสอบว่า{emp}ส่งเงินสมทบให้ครบทุกเดือนหรือยัง",
        "หักเงินสมทบ 5% แล้วทำไมสลิปหัก {amt}",
        "ขอลดเงินสมทบช่วงนี้ได้ไหม รัฐบาลมีมาตรการลดไหม",
        "เปลี่ยนจากผู้ประกันตน ม.39 กลับไป ม.33 ต้องทำอะไรไหม",
        "สมัคร ม.40 แล้วต้องรอกี่เดือนถึงจะมีสิทธิ์",
        "ยกเลิกการเป็นผู้ประกันตน ม.40 ได้ไหม",
    ),
    "work_injury": (
        "โดนเครื่องจักรหนีบนิ้วที่{emp} แต่ไม่ยอมแจ้งกองทุนเงินทดแทน",
        "ประสบอันตรายจากการทำงาน ต้องใช้แบบ กท.16 ไหม",
        "ตกนั่งร้านขาหัก หยุดงาน {n} วัน ได้ค่าทดแทนเท่าไหร่",
        "ขับรถส่งของให้{emp}แล้วรถชน นับเป็นอุบัติเหตุจากการทำงานไหม",
        "ปวดหลังเพราะยกของหนักที่ทำงาน เบิกกองทุนเงินทดแทนได้ไหม",
        "ค่ารักษาเจ็บจากงานเกิน 65,000 แล้ว เบิกเพิ่มได้หรือไม่",
        "นิ้วขาดจากการทำงาน ได้ค่าทดแทนสูญเสียอวัยวะเท่าไหร่",
        "สารเคมีกระเด็นเข้าตาตอนทำงาน ไปรักษาที่{hosp}เบิกได้ไหม",
        "ลูกน้องเสียชีวิตในไซต์งานก่อสร้าง ญาติต้องยื่นเรื่องที่ไหน",
        "ประสบอุบัติเหตุระหว่างทางไปทำงาน ถือว่าเป็นเหตุจากการทำงานไหม",
        "ไฟดูดตอนซ่อมสายไฟในโรงงาน นายจ้างให้ไปหาหมอเองจ่ายเอง",
        "มีดบาดมือตอนทำงานในครัว เย็บไป {n} เข็ม ใครจ่ายค่ารักษา",
        "โดนของหล่นใส่หัวที่โกดัง ต้องหยุดงาน {n} วัน",
        "แจ้งเจ็บป่วยจากการทำงานแล้ว ยังไม่ได้ค่าทดแทนรายเดือน",
        "เจ็บจากการทำงาน ไป{hosp}ที่ไม่ใช่ตามสิทธิ์ได้ไหม ต้องสำรองจ่ายหรือเปล่า",
        "ทำงานกะดึกแล้วหมดสติในไลน์ผลิต นับเป็นเหตุจากงานไหม",
        "ลูกจ้างโดนสุนัขลูกค้ากัดระหว่างส่งของ ใช้กองทุนเงินทดแทนได้ไหม",
        "ได้รับบาดเจ็บจากงาน หยุดเกิน 3 วัน ได้ค่าทดแทนกี่เปอร์เซ็นต์ของค่าจ้าง",
        "ทุพพลภาพจากอุบัติเหตุในโรงงาน ได้ค่าทดแทนรายเดือนนานแค่ไหน",
        "{emp}ไม่ได้ขึ้นทะเบียนกองทุนเงินทดแทน ลูกจ้างเจ็บแล้วจะได้อะไร",
        "ตาบอดข้างหนึ่งเพราะเศษเหล็กกระเด็นจากงานเจียร",
        "ต้องทำกายภาพบำบัดหลังหลังเจ็บจากงาน เบิกค่าฟื้นฟูได้ไหม",
        "ยื่นแบบ กท.44 แล้ว โรงพยาบาลยังเก็บเงิน",
    ),
    "labour_protection": (
        "{emp}ค้างเงินเดือน {n} เดือนแล้ว จะร้องเรียนได้ที่ไหน",
        "โดนไล่ออกทั้งที่ไม่มีความผิด ไม่ได้ค่าชดเชยสักบาท",
        "{emp}ไม่จ่ายค่าโอที ทำงานวันหยุดก็ไม่ได้เงินเพิ่ม",
        "ได้ค่าแรงต่ำกว่าขั้นต่ำ วันละ {amt} บาทเอง",
        "หัวหน้าบังคับให้ทำงาน 12 ชั่วโมง ไม่มีวันหยุดเลย",
        "{emp}ไม่ให้ลาป่วย ลาแล้วหักเงินเดือน",
        "ถูกบังคับให้เซ็นใบลาออกเอง ทั้งที่{emp}เลิกจ้าง",
        "ทำงานมา {n2} ปี ไม่ได้ค่าชดเชยตามอายุงาน",
        "{emp}หักเงินเดือนเป็นค่าปรับมาสาย ทำได้ด้วยเหรอ",
        "ถูกล่วงละเมิดในที่ทำงาน อยากร้องเรียน",
        "{emp}ไม่คืนเงินประกันการทำงาน {amt} บาท",
        "โรงงานปิดกะทันหัน ไม่บอกล่วงหน้า ไม่จ่ายค่าจ้างเดือนสุดท้าย",
        "ทำงานมา {n} ปี ไม่เคยได้ลาพักร้อนเลย",
        "จ่ายเงินเดือนช้าทุกเดือน เลื่อนไป {n} อาทิตย์",
        "ให้ทำงานล่วงเวลาโดยไม่ถามความสมัครใจ",
        "ถูกเลิกจ้างเพราะตั้งครรภ์ ร้องเรียนได้ที่ไหน",
        "{emp}ให้ทำงานเกินเวลาแต่จ่ายค่าล่วงเวลาไม่ครบ",
        "ไม่ได้รับสลิปเงินเดือน และ{emp}จ่ายเป็นเงินสดไม่ครบ",
        "ทำสัญญาจ้างรายวันมา {n2} ปี ไม่เคยได้วันหยุดประจำปี",
        "ลาออกถูกต้องแล้ว แต่{emp}ไม่จ่ายค่าจ้างงวดสุดท้าย",
        "ย้ายสถานที่ทำงานไปจังหวัดอื่น ไม่ไปได้ค่าชดเชยพิเศษไหม",
        "ทำงานในที่อันตรายไม่มีอุปกรณ์ป้องกัน อยากให้ไปตรวจ",
        "ลูกจ้างอายุ 15 ถูกใช้ทำงานกลางคืน แจ้งได้ที่ไหน",
        "ไม่ได้ค่าจ้างวันหยุดนักขัตฤกษ์เลย",
    ),
    "job_seeking": (
        "หางานแถว{place} มีตำแหน่งว่างไหม",
        "อยากหางานทำ วุฒิ ม.6 มีงานอะไรบ้าง",
        "สมัครงานผ่านเว็บไทยมีงานทำทำยังไง",
        "เดือนนี้มีนัดพบแรงงานที่{place}ไหม",
        "อยากไปทำงานต่างประเทศ ญี่ปุ่น เกาหลี ต้องสมัครที่ไหน",
        "เพิ่งเรียนจบ หางาน part time ได้ที่ไหน",
        "อายุ 50 แล้ว ยังมีงานให้ทำไหม",
        "คนพิการหางานได้ที่ไหนบ้าง",
        "มีคอร์สฝึกอาชีพฟรีไหม อยากเรียนช่างไฟ",
        "บริษัทจัดหางานเรียกเก็บค่าสมัคร {amt} บาท หลอกหรือเปล่า",
        "อยากได้งาน WFH ทำที่บ้าน มีไหม",
        "ลงทะเบียนหางานออนไลน์ไม่ได้ ลืมรหัสผ่าน",
        "มีตำแหน่งงานราชการเปิดรับไหม แถว{place}",
        "ทำงานโรงงานแถว{place} รับวุฒิ ป.6 มีไหม",
        "ตกงานมา {n} เดือน อยากได้งานประจำ ช่วยหาให้หน่อย",
        "สมัครงานตำแหน่งพนักงานขาย แถว{place} มีไหม",
        "อยากทำงานเรือประมง ต้องติดต่อที่ไหน",
        "กรมการจัดหางานมีงานรับคนอายุเยอะไหม",
        "ขอรายชื่อบริษัทที่เปิดรับสมัครงานตอนนี้",
        "ไปทำงานอิสราเอลต้องเสียค่าใช้จ่ายเท่าไหร่",
        "เว็บหางานของกรมเข้าไม่ได้ มีช่องทางอื่นไหม",
        "มีงานให้ผู้สูงอายุทำที่บ้านไหม",
        "อยากเปลี่ยนงานเป็นช่างเชื่อม ต้องมีใบรับรองอะไร",
    ),
    "work_permit": (
        "ขอต่อใบอนุญาตทำงานให้ลูกจ้าง{nat}",
        "work permit หมดอายุแล้ว ต้องทำยังไง",
        "แรงงาน MOU ขอเปลี่ยนนายจ้างได้ไหม",
        "จะนำเข้าแรงงาน{nat} ใช้เอกสารอะไรบ้าง",
        "บัตรชมพูหาย ทำใหม่ได้ที่ไหน",
        "ลูกจ้าง{nat}หนีไปแล้ว ต้องแจ้งออกไหม",
        "ค่าธรรมเนียมใบอนุญาตทำงานต่างด้าวเท่าไหร่",
        "พาสปอร์ตหมดอายุ วีซ่าก็หมด ยังทำงานต่อได้ไหม",
        "จดทะเบียนแรงงานต่างด้าวรอบใหม่เปิดเมื่อไหร่",
        "แจ้งเข้าทำงานของคนต่างด้าวผ่านระบบออนไลน์ยังไง",
        "ลูกจ้าง{nat} {n} คน ต้องยื่นตรวจสุขภาพก่อนทำ work permit ไหม",
        "ต่างด้าวทำงานบ้าน ต้องขอใบอนุญาตไหม",
        "เปลี่ยนชื่อนายจ้างในใบอนุญาตทำงาน {nat}",
        "ต่อวีซ่าแรงงาน {nat} ครบ 4 ปีแล้ว ต่อได้อีกไหม",
        "แรงงาน{nat}ขอใบอนุญาตทำงานครั้งแรกต้องใช้เวลากี่วัน",
        "นายจ้างเปลี่ยนที่อยู่ ต้องแก้ไขใบอนุญาตทำงานลูกจ้างไหม",
        "ลูกจ้าง{nat}ถูกตำรวจจับเพราะบัตรหมดอายุ",
        "work permit ของชาวต่างชาติ ทำงานได้กี่อาชีพ",
        "ตรวจสอบสถานะใบอนุญาตทำงานออนไลน์ได้ไหม",
        "นำแรงงาน{nat}เข้ามาแบบ MOU ค่าใช้จ่ายเท่าไหร่",
        "คนต่างด้าวเปลี่ยนงานไปทำก่อสร้างได้ไหม",
        "ขอสำเนาใบอนุญาตทำงานแทนฉบับที่ชำรุด",
        "ใบอนุญาตทำงานหมดอายุไป {n} วัน จะโดนปรับเท่าไหร่",
    ),
    "other": (
        "ขอเบอร์โทรสำนักงานประกันสังคมเขต{place}",
        "สำนักงานเปิดวันเสาร์ไหม",
        "ลืมรหัสผ่าน{app} เข้าไม่ได้",
        "ขอที่อยู่สำนักงานสาขา{place}",
        "โทรมาหลายรอบแล้ว ติดต่อเจ้าหน้าที่ไม่ได้เลย",
        "ผู้ประกันตนเสียชีวิต ได้ค่าทำศพเท่าไหร่",
        "อยากชมเชยเจ้าหน้าที่ บริการดีมาก",
        "ขอสอบถามเรื่องทั่วไป",
        "ช่วงนี้มีมาตรการเยียวยาอะไรไหม",
        "ทุพพลภาพ ได้เงินรายเดือนเท่าไหร่",
        "แจ้งเปลี่ยนเบอร์โทรศัพท์ในระบบ",
        "ทดสอบระบบ",
        "ขอแบบฟอร์มสำหรับยื่นเรื่อง ดาวน์โหลดที่ไหน",
        "ข่าวที่แชร์กันในไลน์เรื่องเงินช่วยเหลือ จริงไหม",
        "สอบถามเวลาทำการของสำนักงาน",
        "เจ้าหน้าที่พูดจาไม่ดี อยากร้องเรียนการบริการ",
        "ขอเปลี่ยนชื่อนามสกุลในระบบ",
        "ส่งเอกสารทางไปรษณีย์ได้ไหม ส่งไปที่ไหน",
        "วันหยุดยาวนี้สายด่วนเปิดไหม",
        "อยากได้คู่มือสิทธิประโยชน์ทั้งหมด",
        "ระบบล่มหรือเปล่า เข้าเว็บไม่ได้ทั้งวัน",
        "ขอบคุณมากค่ะ ได้รับเรื่องแล้ว",
        "ฝากถามเรื่องนโยบายใหม่ของกระทรวง",
    ),
}
HELD_OUT_EVERY = 4

SLOTS: dict[str, tuple[str, ...]] = {
    "n": ("1", "2", "3", "4", "5", "6", "๒", "๓", "สอง", "สาม", "7", "10", "12"),
    "n2": ("5", "8", "10", "15", "16", "20", "๑๕", "สิบ", "25", "12"),
    "amt": ("900", "5,000", "15000", "1,650", "750", "๗๕๐", "800", "1000", "2.5 หมื่น", "300"),
    "hosp": (
        "รพ.",
        "โรงพยาบาล",
        "โรงบาล",
        "รพ.รัฐ",
        "รพ.เอกชน",
        "คลินิก",
        "รพ.ศิริราช",
        "รพ.ราชวิถี",
        "โรงพยาบาลจังหวัด",
        "รพ.ตามสิทธิ์",
    ),
    "emp": ("บริษัท", "บ.", "นายจ้าง", "โรงงาน", "ร้าน", "เถ้าแก่", "HR", "หัวหน้า"),
    "nat": ("พม่า", "เมียนมา", "กัมพูชา", "เขมร", "ลาว", "ต่างด้าว", "ต่างชาติ"),
    "app": ("แอป SSO Connect", "app sso", "เว็บ e-service", "เวบ สปส.", "ไลน์ สปส.", "ระบบออนไลน์"),
    "place": (
        "บางนา",
        "รังสิต",
        "ชลบุรี",
        "เชียงใหม่",
        "โคราช",
        "ระยอง",
        "หาดใหญ่",
        "ขอนแก่น",
        "สมุทรปราการ",
        "มหาชัย",
    ),
    "sec": ("ม.33", "ม 33", "มาตรา 39", "ม.39", "ม39", "ม.40", "มาตรา40", "ม.๓๙", "ม.๔๐"),
    "kid": ("ลูก", "บุตร", "น้อง", "ลูกสาว", "ลูกชาย"),
}
OPENERS = (
    "",
    "",
    "",
    "สวัสดีค่ะ ",
    "สวัสดีครับ ",
    "หวัดดีค่ะ ",
    "สอบถามค่ะ ",
    "ขอสอบถามหน่อยครับ ",
    "รบกวนสอบถามค่ะ ",
    "คือว่า",
    "คือ ",
    "แอดมินคะ ",
    "admin ครับ ",
    "เจ้าหน้าที่คะ ",
    "ขอถามหน่อย ",
    "ช่วยด้วยค่ะ ",
    "ขอโทษนะคะ ",
    "สวัสดีค่า ",
    "Hi ค่ะ ",
    "ฮัลโหล ",
)
CLOSERS = (
    "",
    "",
    "ค่ะ",
    "ครับ",
    " คะ",
    "คับ",
    "ค่า",
    " จ้า",
    " อ่ะ",
    "นะคะ",
    "นะครับ",
    " ด้วยค่ะ",
    " ด้วยครับ",
    " ขอบคุณค่ะ",
    " ขอบคุณครับ",
    " ขอบคุณมากๆค่ะ",
    " thx ครับ",
    " 🙏",
    " 😢",
    "??",
    " !!",
    " ช่วยตอบด้วยนะคะ",
    " รีบด้วยค่ะ",
    "ค่ะ 🙏",
)
#: (written, typed instead, probability): misspellings, abbreviations and English loanwords
MISSPELLINGS: tuple[tuple[str, str, float], ...] = (
    ("ประกันสังคม", "ปกส.", 0.10),
    ("ประกันสังคม", "ประกันสังคน", 0.05),
    ("ประกันสังคม", "สปส.", 0.05),
    ("โรงพยาบาล", "รพ.", 0.20),
    ("โรงพยาบาล", "โรงบาล", 0.10),
    ("สิทธิ์", "สิทธิ", 0.15),
    ("สิทธิ์", "สิด", 0.05),
    ("ว่างงาน", "ว่างาน", 0.06),
    ("เท่าไหร่", "เท่าไร", 0.15),
    ("เท่าไหร่", "เท่าไหร", 0.10),
    ("เท่าไหร่", "เท่าหร่าย", 0.03),
    ("ไหม", "มั้ย", 0.20),
    ("ไหม", "มั๊ย", 0.08),
    ("ได้ไหม", "ได้ป่าว", 0.05),
    ("ยังไง", "ยังงัย", 0.12),
    ("ยังไง", "ไง", 0.10),
    ("หรือเปล่า", "รึเปล่า", 0.15),
    ("หรือเปล่า", "ป่าว", 0.08),
    ("บริษัท", "บ.", 0.10),
    ("บริษัท", "company", 0.03),
    ("นายจ้าง", "เจ้านาย", 0.10),
    ("นายจ้าง", "boss", 0.03),
    ("ค่าโอที", "ค่า OT", 0.40),
    ("ใบอนุญาตทำงาน", "work permit", 0.25),
    ("ใบอนุญาตทำงาน", "วอร์คเพอร์มิต", 0.08),
    ("ออนไลน์", "online", 0.30),
    ("เช็ค", "check", 0.15),
    ("เช็ค", "ตรวจสอบ", 0.15),
    ("ลาออก", "resign", 0.05),
    ("เงินเดือน", "salary", 0.04),
    ("เดือน", "ด.", 0.03),
    ("ต้อง", "ตัอง", 0.02),
    ("ทำงาน", "ทำงาณ", 0.02),
    ("อยาก", "อยาด", 0.02),
    ("ครับ", "คร้าบ", 0.05),
    ("ค่ะ", "คร่ะ", 0.03),
    (" ", "", 0.25),  # no spaces at all: many people type Thai without them
)


def _ids_text(pid: pl.Series, dashed: np.ndarray, spaced: np.ndarray) -> pl.Series:
    """National IDs as people write them: 13 digits, grouped 1-4-5-2-1 with dashes or spaces."""
    s = pid.cast(pl.String).str.zfill(13)
    parts = [s.str.slice(0, 1), s.str.slice(1, 4), s.str.slice(5, 5), s.str.slice(10, 2)]
    parts.append(s.str.slice(12, 1))
    frame = pl.DataFrame({f"p{i}": p for i, p in enumerate(parts)}).with_columns(
        plain=s, dashed=pl.Series(dashed), spaced=pl.Series(spaced)
    )
    cols = [pl.col(f"p{i}") for i in range(5)]
    return frame.select(
        pl.when(pl.col("dashed"))
        .then(pl.concat_str(cols, separator="-"))
        .when(pl.col("spaced"))
        .then(pl.concat_str(cols, separator=" "))
        .otherwise(pl.col("plain"))
    ).to_series()


def _template_table() -> pl.DataFrame:
    rows = [
        (topic, i, text, "test" if i % HELD_OUT_EVERY == HELD_OUT_EVERY - 1 else "train")
        for topic in TOPICS
        for i, text in enumerate(TEMPLATES[topic])
    ]
    return pl.DataFrame(rows, schema=["topic", "template", "text", "split"], orient="row")


TEMPLATE_TABLE = _template_table()


def issue_texts(
    rng: np.random.Generator, template_rows: np.ndarray, *, noise: bool = True
) -> pl.Series:
    """Free texts for rows of :data:`TEMPLATE_TABLE` (one per entry of ``template_rows``):
    slots filled, an opener and a closer, and (``noise``) misspellings and loanwords, all
    vectorised (a national day's contacts are built in one go)."""
    n = len(template_rows)
    text = TEMPLATE_TABLE.get_column("text").gather(template_rows)
    frame = pl.DataFrame({"t": text})
    for slot, values in SLOTS.items():
        pick = pl.Series(values).gather(rng.integers(0, len(values), n))
        frame = frame.with_columns(
            pl.col("t").str.replace_all("{" + slot + "}", pick, literal=True)
        )
    opener = pl.Series(OPENERS).gather(rng.integers(0, len(OPENERS), n))
    closer = pl.Series(CLOSERS).gather(rng.integers(0, len(CLOSERS), n))
    frame = frame.with_columns(t=pl.concat_str([opener, pl.col("t"), closer]))
    if noise:
        for written, typed, p in MISSPELLINGS:
            hit = pl.Series(rng.random(n) < p)
            frame = frame.with_columns(
                t=pl.when(hit)
                .then(pl.col("t").str.replace_all(written, typed, literal=True))
                .otherwise(pl.col("t"))
            )
    return frame.get_column("t").str.strip_chars()


def _pick_templates(rng: np.random.Generator, topics: np.ndarray, split: str | None) -> np.ndarray:
    """A template row of TEMPLATE_TABLE for each topic index (of ``split`` only, if given)."""
    table = TEMPLATE_TABLE.with_row_index("row")
    if split is not None:
        table = table.filter(pl.col("split") == split)
    out = np.empty(len(topics), dtype=np.int64)
    for k, topic in enumerate(TOPICS):
        rows = table.filter(pl.col("topic") == topic).get_column("row").to_numpy()
        mask = topics == k
        out[mask] = rows[rng.integers(0, len(rows), int(mask.sum()))]
    return out


def corpus_rng(seed: int) -> np.random.Generator:
    """The training corpus's own generator (it needs no world): seeded as
    ``World.stream("sso_hotline", 0)`` would be."""
    return np.random.default_rng([seed, zlib.crc32(b"sso_hotline"), 0])


def training_corpus(seed: int = 1506, per_topic: int = 240) -> pl.DataFrame:
    """A labelled corpus of simulated caller texts: ``text``, ``topic``, ``template`` (the
    template's index within its topic) and ``split`` (``train``, or ``test`` for texts of the
    held-out templates: phrasings the classifier never sees while it learns). Written to
    ingestion/sources/sso_hotline/training_texts.csv by ``python -m
    ingestion.simulator.sso_hotline --corpus PATH``."""
    rng = corpus_rng(seed)
    topics = np.repeat(np.arange(len(TOPICS)), per_topic)
    # three texts in four from training templates, one from a held-out template
    test = rng.random(len(topics)) < 0.25
    rows = np.where(
        test, _pick_templates(rng, topics, "test"), _pick_templates(rng, topics, "train")
    )
    texts = issue_texts(rng, rows)
    table = TEMPLATE_TABLE.gather(rows)
    return pl.DataFrame(
        {
            "text": texts,
            "topic": table.get_column("topic"),
            "template": table.get_column("template"),
            "split": table.get_column("split"),
        }
    ).unique(subset=["text", "topic"], keep="first", maintain_order=True)


# ------------------------------------------------------------------ the contacts


@dataclass
class HotlineSummary(SourceSummary):
    contacts: int = 0
    answered: int = 0
    open_cases: int = 0


def _stamp(seconds: pl.Expr) -> pl.Expr:
    """Seconds since 1970-01-01 00:00 Bangkok wall time → ISO 8601 with the +07:00 offset."""
    return pl.from_epoch(seconds, time_unit="s").dt.strftime("%Y-%m-%dT%H:%M:%S+07:00")


class Simulator(SourceSimulator):
    name = "sso_hotline"
    # only the API's store: the connector, not the source, writes drops into sso_hotline/contacts/
    outputs = (STORE,)
    truth_files = (TRUTH_MONTHLY, TRUTH_TOPICS, TRUTH_BACKLOG)
    Summary = HotlineSummary
    summary: HotlineSummary

    def __init__(self, world: World, out_dir: Path, tick: Tick) -> None:
        super().__init__(world, out_dir, tick)
        self.store = self.out.dir / STORE
        self.store.parent.mkdir(parents=True, exist_ok=True)
        self.store.write_bytes(b"")
        self._size = 0
        self._monthly: list[pl.DataFrame] = []
        self._topics: list[pl.DataFrame] = []
        self._open: list[pl.DataFrame] = []
        self._latest_update = 0  # the data's "now": the latest change, for the backlog's age
        last = world.months[-1]
        self.snapshot = (last.last_day + 1) * 86_400  # the store's "now": after the last month

    @classmethod
    def progress_steps(cls, months: list[Month]) -> int:
        return len(months)

    def month(self, month: Month) -> None:
        frame = self._contacts(month)
        records = frame.select(RECORD_COLUMNS)
        data = records.write_ndjson().encode("utf-8")
        with self.store.open("ab") as f:
            f.write(data)
        self._size += len(data)
        self.summary.contacts += frame.height
        self.summary.answered += int(frame.get_column("answered").sum())
        self._truth(month, frame)
        if frame.height:
            self._latest_update = max(self._latest_update, int(frame.get_column("updated").max()))
        self.out.tick(f"hotline {month.label}")

    def finish(self) -> None:
        self.out.written(self.store, self._size)
        monthly = pl.concat(self._monthly)
        self.out.write_truth(TRUTH_MONTHLY, monthly)
        self.out.write_truth(TRUTH_TOPICS, pl.concat(self._topics))
        as_of = self._latest_update // 86_400  # the day of the latest change the API serves
        opened = pl.concat(self._open)
        self.summary.open_cases = opened.height
        self.out.write_truth(TRUTH_BACKLOG, backlog(opened, as_of))

    # -------------------------------------------------------------- one month
    def _contacts(self, month: Month) -> pl.DataFrame:
        world = self.world
        rng = world.stream(self.name, month.year, month.month)
        days = np.arange(month.first_day, month.last_day + 1)
        weekday = (days + 3) % 7  # 1970-01-01 was a Thursday: 0 = Monday
        rate = CONTACTS_PER_DAY * world.scale * np.where(weekday >= 5, WEEKEND_FACTOR, 1.0)
        per_day = rng.poisson(rate)
        n = int(per_day.sum())
        day = np.repeat(days, per_day)
        # the contact's number within its day, 000001 on
        serial = np.arange(n) - np.repeat(np.cumsum(per_day) - per_day, per_day) + 1

        # topic mix of the month: drift, and sometimes one topic surges
        weights = np.array(TOPIC_SHARE) * rng.lognormal(0.0, 0.2, len(TOPICS))
        if rng.random() < 0.5:
            weights[rng.integers(0, len(TOPICS))] *= 1.8
        topic = rng.choice(len(TOPICS), n, p=normalise(weights))
        channel = rng.choice(len(CHANNELS), n, p=CHANNEL_SHARE)
        option = self._menu_options(rng, topic)

        # time of day: calls 08:00-20:00 (peaks morning and early afternoon); chats all day
        office = rng.normal(np.where(rng.random(n) < 0.55, 10.5, 14.5), 1.8) * 3600
        office = np.clip(office, 8 * 3600, 20 * 3600 - 1)
        anytime = np.clip(rng.normal(14 * 3600, 4.5 * 3600, n), 0, 86_399)
        second = np.where(channel == 0, office, anytime).astype(np.int64)
        start = day.astype(np.int64) * 86_400 + second

        phone = channel == 0
        auto = rng.random(n) < np.array([AUTO_SHARE[c] for c in CHANNELS])[channel]
        wait = np.where(
            auto,
            rng.integers(0, 6, n),
            np.where(phone, rng.exponential(80, n), rng.exponential(420, n)),
        ).astype(np.int64)
        patience = np.where(phone, rng.exponential(260, n), rng.exponential(5_000, n))
        answered = auto | (wait <= patience)
        wait = np.where(answered, wait, np.minimum(wait, patience.astype(np.int64)))
        handle = np.where(
            auto, rng.integers(20, 150, n), rng.lognormal(np.log(260), 0.5, n).astype(np.int64)
        )
        complaint_p = np.array([COMPLAINT_SHARE.get(t, 0.05) for t in TOPICS])[topic]
        complaint = rng.random(n) < complaint_p
        resolved_p = np.where(complaint, 0.10, np.where(auto, 0.55, 0.75))
        resolved = answered & (rng.random(n) < resolved_p)
        mean_close = np.where(complaint, CLOSE_DAYS["complaint"], CLOSE_DAYS["inquiry"])
        ended = start + wait + np.where(answered, handle, 0)
        closes = ended + (rng.exponential(mean_close, n) * 86_400).astype(np.int64)
        closed_at = np.where(resolved, ended, closes)
        is_open = answered & ~resolved & (closes >= self.snapshot)
        status = np.where(~answered, "none", np.where(is_open, "open", "closed"))
        updated = np.where(status == "closed", closed_at, ended)

        # the agent's category: the topic, or (10 %) another one, mostly "other"
        slip = rng.random(n) >= AGENT_ACCURACY
        other = TOPICS.index("other")
        wrong = np.where(rng.random(n) < 0.6, other, rng.integers(0, len(TOPICS), n))
        agent = np.where(slip, wrong, topic)
        has_agent = answered & ~auto

        texts = issue_texts(rng, _pick_templates(rng, topic, None))
        no_text = phone & ~answered  # hung up in the queue before saying anything
        given = rng.random(n) < np.array([ID_GIVEN[c] for c in CHANNELS])[channel]
        person = self._callers(rng, month, option)
        ids = _ids_text(pl.Series(world.persons["pid"][person]), *(rng.random((2, n)) < 0.12))
        quoted = given & ~no_text & (rng.random(n) < ID_IN_TEXT)
        texts = pl.DataFrame({"t": texts, "q": quoted, "id": ids}).select(
            pl.when(pl.col("q"))
            .then(pl.concat_str([pl.col("t"), pl.lit(" เลขบัตร "), pl.col("id")]))
            .otherwise(pl.col("t"))
        )

        number = pl.Series(serial).cast(pl.String)
        ymd = pl.from_epoch(pl.Series(day.astype(np.int64) * 86_400), time_unit="s").dt.strftime(
            "%Y%m%d"
        )
        contact_id = (
            pl.DataFrame({"ymd": ymd, "number": number})
            .select(
                pl.concat_str([pl.lit("H1506-"), "ymd", pl.lit("-"), pl.col("number").str.zfill(6)])
            )
            .to_series()
        )
        return pl.DataFrame(
            {
                "contact_id": contact_id,
                "start": start,
                "updated": updated,
                "closed": closed_at,
                "menu_option": option.astype(np.int8),
                "channel": np.array(CHANNELS)[channel],
                "issue_text": texts.to_series(),
                "no_text": no_text,
                "agent_category": np.array(TOPICS)[agent],
                "has_agent": has_agent,
                "answered": answered,
                "auto_answered": auto & answered,
                "wait_seconds": wait.astype(np.int32),
                "handle_seconds": np.where(answered, handle, 0).astype(np.int32),
                "resolved_first_contact": resolved,
                "contact_type": np.where(complaint, "complaint", "inquiry"),
                "case_status": status,
                "national_id": ids,
                "id_given": given,
                "topic": np.array(TOPICS)[topic],
                "day": day,
            }
        ).with_columns(
            contact_at=_stamp(pl.col("start")),
            updated_at=_stamp(pl.col("updated")),
            closed_at=pl.when(pl.col("case_status") == "closed").then(_stamp(pl.col("closed"))),
            issue_text=pl.when(~pl.col("no_text")).then(pl.col("issue_text")),
            agent_category=pl.when(pl.col("has_agent")).then(pl.col("agent_category")),
            handle_seconds=pl.when(pl.col("answered")).then(pl.col("handle_seconds")),
            national_id=pl.when(pl.col("id_given")).then(pl.col("national_id")),
        )

    def _menu_options(self, rng: np.random.Generator, topic: np.ndarray) -> np.ndarray:
        option = np.empty(len(topic), dtype=np.int64)
        for k, t in enumerate(TOPICS):
            mask = topic == k
            choices, p = zip(*TOPIC_OPTION[t], strict=True)
            option[mask] = rng.choice(np.array(choices), int(mask.sum()), p=np.array(p))
        wrong = rng.random(len(topic)) < WRONG_OPTION
        return np.where(wrong, rng.integers(1, 4, len(topic)), option)

    def _callers(self, rng: np.random.Generator, month: Month, option: np.ndarray) -> np.ndarray:
        """A person for each contact: insured persons call the SSO (option 1), anyone else."""
        world = self.world
        insured = world.insured_persons(month)
        everyone = len(world.persons)
        pick_insured = insured[rng.integers(0, max(len(insured), 1), len(option))]
        pick_anyone = rng.integers(0, everyone, len(option))
        return np.where((option == 1) & (len(insured) > 0), pick_insured, pick_anyone)

    def _truth(self, month: Month, frame: pl.DataFrame) -> None:
        self._monthly.append(
            frame.group_by("menu_option", "channel")
            .agg(
                contacts=pl.len(),
                answered=pl.col("answered").sum(),
                abandoned=(~pl.col("answered")).sum(),
                auto_answered=pl.col("auto_answered").sum(),
                resolved_first_contact=pl.col("resolved_first_contact").sum(),
                wait_seconds=pl.col("wait_seconds").cast(pl.Int64).sum(),
                handle_seconds=pl.col("handle_seconds").cast(pl.Int64).sum(),
                with_text=pl.col("issue_text").is_not_null().sum(),
            )
            .with_columns(month=pl.lit(month.label))
            .select("month", pl.exclude("month"))
            .sort("menu_option", "channel")
        )
        self._topics.append(frame.select("contact_id", "topic"))
        self._open.append(
            frame.filter(pl.col("case_status") == "open").select(
                "menu_option", "contact_type", "day"
            )
        )


#: the fields of a record, in the order the API's store holds them
RECORD_COLUMNS = (
    "contact_id",
    "contact_at",
    "updated_at",
    "menu_option",
    "channel",
    "issue_text",
    "agent_category",
    "answered",
    "auto_answered",
    "wait_seconds",
    "handle_seconds",
    "resolved_first_contact",
    "contact_type",
    "case_status",
    "closed_at",
    "national_id",
)


def backlog(opened: pl.DataFrame, as_of: int) -> pl.DataFrame:
    """Open cases on day ``as_of`` (the day of the latest change in the data) by department,
    contact type and age band (days from the contact to ``as_of``), dense over the bands."""
    bands = pl.DataFrame(
        {"age_band": [b[2] for b in AGE_BANDS], "low": [b[0] for b in AGE_BANDS]},
        schema={"age_band": pl.String, "low": pl.Int64},
    )
    age = pl.lit(as_of, pl.Int64) - pl.col("day").cast(pl.Int64)
    band = pl.lit(AGE_BANDS[-1][2])
    for low, high, label in reversed(AGE_BANDS[:-1]):
        band = pl.when(age.is_between(low, high)).then(pl.lit(label)).otherwise(band)
    counts = (
        opened.with_columns(age_band=band)
        .group_by("menu_option", "contact_type", "age_band")
        .agg(open_cases=pl.len())
    )
    grid = (
        pl.DataFrame({"menu_option": [1, 2, 3]}, schema={"menu_option": pl.Int8})
        .join(pl.DataFrame({"contact_type": ["complaint", "inquiry"]}), how="cross")
        .join(bands, how="cross")
    )
    as_of_text = pl.from_epoch(pl.lit(as_of * 86_400), time_unit="s").dt.date()
    return (
        grid.join(counts, on=["menu_option", "contact_type", "age_band"], how="left")
        .with_columns(open_cases=pl.col("open_cases").fill_null(0), as_of=as_of_text)
        .sort("menu_option", "contact_type", "low")
        .select("as_of", "menu_option", "contact_type", "age_band", "open_cases")
    )


def main() -> None:
    """``python -m ingestion.simulator.sso_hotline --corpus PATH``: write the labelled training
    corpus of the topic classifier."""
    ap = argparse.ArgumentParser(prog="python -m ingestion.simulator.sso_hotline")
    ap.add_argument("--corpus", type=Path, required=True, help="CSV to write")
    ap.add_argument("--seed", type=int, default=1506)
    a = ap.parse_args()
    corpus = training_corpus(a.seed)
    a.corpus.write_bytes(corpus.write_csv(None).encode("utf-8"))
    print(f"wrote {corpus.height} texts to {a.corpus}")


if __name__ == "__main__":
    main()


__all__ = [
    "STORE",
    "TEMPLATES",
    "TOPICS",
    "Simulator",
    "issue_texts",
    "training_corpus",
]
