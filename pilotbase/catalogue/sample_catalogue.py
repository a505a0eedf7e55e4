"""A generated sample of the Corps' pilot-service catalogue, for evaluating and benchmarking search.

The topics below are the kinds of pilot work the Corps' industry chains need (tomato paste, cotton
spinning, lithium-battery cathodes, wine, seed testing, coal-chemical catalysts, silicon, medicines …),
each with the titles, process details and equipment a base would write in its 中试服务清单
(Article 7(七), Article 11). ``generate`` combines them with bases into a catalogue of any size; the
labelled evaluation set (``labelled/``) is one such catalogue with relevance judged per topic.
"""

from __future__ import annotations

import json
import random
from dataclasses import asdict, dataclass
from pathlib import Path

from pilotbase.catalogue.search import BaseDocument, ServiceDocument
from pilotbase.catalogue.vocabulary import DIVISIONS, INDUSTRY_CHAINS, short_label


@dataclass(frozen=True)
class Topic:
    id: str
    chain: str
    titles: dict[str, tuple[str, ...]]  # kind -> title variants
    details: tuple[str, ...]
    equipment: tuple[str, ...]
    capacity: str
    divisions: tuple[str, ...]


def _t(
    id: str, chain: str, titles: dict, details: str, equipment: str, capacity: str, divisions: str
) -> Topic:
    return Topic(
        id,
        chain,
        {k: tuple(v.split("|")) for k, v in titles.items()},
        tuple(details.split("|")),
        tuple(equipment.split("、")),
        capacity,
        tuple(f"division-{d}" if d.isdigit() else d for d in divisions.split()),
    )


PD, PI, SU, TP, PT, IS, CS = (
    "project_development",
    "process_improvement",
    "scale_up",
    "trial_production",
    "product_testing",
    "instrument_sharing",
    "consulting",
)

TOPICS: tuple[Topic, ...] = (
    # 绿色有机果蔬
    _t(
        "tomato_paste",
        "fruit_vegetable",
        {
            SU: "番茄酱无菌灌装与杀菌工艺放大|番茄酱浓缩杀菌中试放大",
            TP: "番茄酱小批量试生产|番茄丁、番茄酱罐头样品试制",
            PI: "番茄酱色泽与粘度工艺优化",
            PT: "番茄制品理化与微生物指标检测",
        },
        "采用三效强制循环浓缩和管式超高温瞬时杀菌，可调整杀菌温度与保温时间|可将企业实验室小试配方放大至日处理鲜番茄20吨的中试线|覆盖冷破碎、热破碎、打浆、浓缩、无菌大包装全流程|对番茄酱可溶性固形物、霉菌计数、番茄红素含量进行分析",
        "管式杀菌机、三效浓缩蒸发器、无菌大袋灌装机、打浆机、糖度计",
        "日处理鲜番茄20吨",
        "2 6 7 8",
    ),
    _t(
        "lycopene",
        "fruit_vegetable",
        {PI: "番茄红素提取纯化工艺改进", SU: "番茄红素微胶囊化中试", PT: "番茄红素含量与稳定性检测"},
        "以番茄皮渣为原料，采用超临界二氧化碳萃取和溶剂浸提|开发番茄红素油树脂和微胶囊粉|提供高效液相色谱测定番茄红素含量",
        "超临界CO2萃取装置、喷雾干燥塔、高效液相色谱仪",
        "年处理番茄皮渣300吨",
        "2 8",
    ),
    _t(
        "red_dates",
        "fruit_vegetable",
        {TP: "红枣粉、枣泥小批量试生产", PI: "红枣烘干与清洗分级工艺改进", PD: "红枣深加工产品开发"},
        "针对骏枣、灰枣开展热风与热泵联合干燥|开发枣粉、枣泥、枣片等休闲食品|研究红枣多糖与环磷酸腺苷提取",
        "热泵烘干房、清洗分级线、超微粉碎机、真空油炸机",
        "年加工红枣500吨",
        "1 3 14",
    ),
    _t(
        "wine",
        "fruit_vegetable",
        {
            SU: "葡萄酒发酵工艺中试",
            TP: "干红葡萄酒小批量酿造|葡萄酒小批量试生产",
            PT: "葡萄酒理化指标与感官品评检测",
            PI: "葡萄酒橡木桶陈酿工艺改进",
        },
        "拥有控温不锈钢发酵罐组，可开展酒精发酵与苹果酸乳酸发酵|为酒庄提供赤霞珠、马瑟兰等品种的酿造试验|检测酒精度、总酸、挥发酸、二氧化硫和酚类物质",
        "控温发酵罐、橡木桶、错流过滤机、灌装压塞机、气相色谱仪",
        "年酿造能力200千升",
        "4 5 6 8",
    ),
    _t(
        "fruit_juice",
        "fruit_vegetable",
        {SU: "苹果、香梨浓缩汁工艺放大", PI: "果汁膜过滤澄清工艺优化"},
        "采用超滤膜澄清和多效蒸发浓缩|可生产非浓缩还原汁和浓缩汁样品|解决果汁后浑浊和褐变问题",
        "超滤膜系统、多效降膜蒸发器、榨汁机、巴氏杀菌机",
        "每小时处理鲜果2吨",
        "1 2",
    ),
    _t(
        "freeze_dried",
        "fruit_vegetable",
        {TP: "果蔬冻干产品小批量试生产", PI: "果蔬真空冷冻干燥工艺优化"},
        "对哈密瓜、杏、树莓等开展真空冷冻干燥|优化预冻温度与升华干燥曲线|可提供冻干果粒和冻干粉样品",
        "真空冷冻干燥机、速冻隧道、金属检测机",
        "每批次冻干500公斤",
        "6 13",
    ),
    _t(
        "nuts",
        "fruit_vegetable",
        {PI: "核桃、巴旦木破壳与烘烤工艺改进", TP: "坚果休闲食品小批量试制"},
        "开展核桃破壳取仁、巴旦木去皮和低温烘烤|开发坚果乳和坚果酱|降低产品酸价和过氧化值",
        "破壳机、烘烤炉、胶体磨、充氮包装机",
        "日处理坚果10吨",
        "3 14",
    ),
    _t(
        "cold_chain",
        "fruit_vegetable",
        {PI: "林果气调保鲜贮藏工艺改进", CS: "果蔬采后保鲜技术咨询"},
        "针对香梨、苹果和葡萄开展气调库贮藏试验|提供1-甲基环丙烯保鲜处理方案|评价贮藏期失重率和腐烂率",
        "气调库、预冷设备、乙烯分析仪",
        "气调库容量2000吨",
        "1 2 4",
    ),
    # 棉花和纺织服装
    _t(
        "cotton_spinning",
        "cotton_textile",
        {
            TP: "棉纺纺纱中试线小批量试纺|新型棉纱小批量试纺",
            SU: "紧密纺高支纱工艺放大",
            PI: "棉纺清梳联工艺优化",
        },
        "拥有清梳联、并条、粗纱、细纱和络筒全流程中试线|可进行环锭纺、紧密纺和气流纺试纺|为纺织企业验证新品种棉花的可纺性",
        "清梳联合机、并条机、粗纱机、细纱机、自动络筒机、气流纺纱机",
        "年纺纱能力300吨",
        "1 7 8",
    ),
    _t(
        "cotton_fiber_testing",
        "cotton_textile",
        {PT: "棉花纤维品质检验|皮棉质量公证检验"},
        "依据国家标准检验棉花长度、马克隆值、断裂比强度和颜色级|使用大容量纤维测试仪批量检测|出具检验报告",
        "大容量纤维测试仪HVI、电子天平、恒温恒湿实验室",
        "日检验棉样2000个",
        "1 7 8",
    ),
    _t(
        "dyeing",
        "cotton_textile",
        {PI: "棉织物低温染色与印染工艺改进", TP: "色纺纱与色织面料小批量试制"},
        "研究活性染料低温染色和少水印染|开展色纺纱配色与打样|降低印染废水排放",
        "小样染色机、溢流染色机、测色配色仪",
        "每日打样100个",
        "8 1",
    ),
    _t(
        "nonwoven",
        "cotton_textile",
        {SU: "棉纤维水刺非织造布工艺放大", TP: "医用无纺布小批量试生产"},
        "以棉短绒和纯棉纤维为原料生产水刺非织造布|可开发卫生材料和医用敷料|幅宽1.8米水刺中试线",
        "梳理机、水刺机、烘干机、分切机",
        "年产水刺布800吨",
        "8 6",
    ),
    _t(
        "garment",
        "cotton_textile",
        {TP: "服装打样与小批量成衣试制", CS: "服装设计与版型技术咨询"},
        "提供服装版型设计、样衣制作和小批量成衣生产|配备智能裁床与吊挂系统|服务南疆服装企业",
        "智能裁床、吊挂生产线、平缝机、CAD制版系统",
        "日产成衣3000件",
        "3 14 1",
    ),
    # 粮油
    _t(
        "edible_oil",
        "grain_oil",
        {PI: "红花籽油、葵花籽油压榨精炼工艺改进", SU: "食用油低温压榨工艺放大"},
        "开展物理压榨、脱胶、脱酸、脱色、脱臭精炼|降低3-氯丙醇酯和缩水甘油酯|保留天然维生素E",
        "螺旋榨油机、精炼罐、脱臭塔、板框过滤机",
        "日处理油料30吨",
        "4 9 10",
    ),
    _t(
        "flour",
        "grain_oil",
        {TP: "馕、挂面等面制品小批量试生产", PI: "小麦粉专用粉配制工艺优化"},
        "开发馕专用粉和拉面专用粉|研究冷冻馕和预制面食工艺|可进行面团流变学测试",
        "实验磨粉机、和面机、压面机、隧道烤炉、粉质仪",
        "日处理小麦20吨",
        "4 6 9",
    ),
    _t(
        "corn",
        "grain_oil",
        {SU: "玉米淀粉与变性淀粉工艺放大"},
        "开展玉米湿磨分离和变性淀粉生产试验|开发预糊化淀粉和交联淀粉|副产品玉米蛋白综合利用",
        "浸泡罐、旋流分离器、气流干燥机、反应釜",
        "年处理玉米1000吨",
        "5 6",
    ),
    _t(
        "grain_testing",
        "grain_oil",
        {PT: "粮油质量与食品安全检测|粮食真菌毒素检测"},
        "检测黄曲霉毒素、呕吐毒素、重金属和农药残留|测定油脂酸价、过氧化值|具备CMA资质",
        "液相色谱串联质谱仪、原子吸收光谱仪、酶标仪",
        "年检测样品5000批次",
        "4 8 corps-direct",
    ),
    # 畜牧
    _t(
        "meat",
        "livestock",
        {PI: "牛羊肉低温肉制品杀菌工艺改进", TP: "风干牛肉、羊肉串预制菜小批量试生产"},
        "开展牛羊肉排酸、腌制、滚揉和低温慢煮|采用二次杀菌延长货架期|开发清真预制菜",
        "滚揉机、烟熏炉、高温高压杀菌釜、真空包装机",
        "日处理牛羊肉5吨",
        "4 5 9",
    ),
    _t(
        "dairy",
        "livestock",
        {TP: "酸奶、奶酪小批量试生产", SU: "驼乳粉喷雾干燥工艺放大"},
        "开展发酵乳、奶酪和驼乳粉生产试验|研究菌种发酵曲线与后熟工艺|提供乳制品配方开发",
        "巴氏杀菌机、发酵罐、喷雾干燥塔、均质机",
        "日处理生鲜乳10吨",
        "6 8 10",
    ),
    _t(
        "feed",
        "livestock",
        {PD: "反刍动物饲料配方开发", TP: "颗粒饲料小批量试生产"},
        "利用棉粕、番茄渣等农副产品开发饲料|可生产颗粒料和全混合日粮|开展饲喂试验",
        "制粒机、粉碎机、混合机、膨化机",
        "每小时产饲料5吨",
        "7 8 9",
    ),
    _t(
        "vet_vaccine",
        "livestock",
        {SU: "兽用疫苗中试放大", PT: "兽用生物制品效力检验"},
        "在兽药GMP车间开展细菌和病毒疫苗中试|可进行细胞悬浮培养工艺放大|进行疫苗安全和效力检验",
        "生物反应器、冻干机、超滤系统",
        "年产疫苗1000万头份",
        "8 shihezi-university",
    ),
    # 种业
    _t(
        "seed_testing",
        "seed_industry",
        {PT: "种子质量检验（发芽率、纯度、净度、水分）|农作物种子分子检测"},
        "按照农作物种子检验规程检测发芽率、净度、水分和品种纯度|采用SSR分子标记进行真实性鉴定|出具有资质的检验报告",
        "人工气候箱、种子发芽箱、PCR仪、毛细管电泳仪",
        "年检验种子样品8000份",
        "1 7 8 shihezi-university",
    ),
    _t(
        "seed_processing",
        "seed_industry",
        {PI: "棉种脱绒包衣加工工艺改进", TP: "种子精选包衣小批量加工"},
        "开展棉种过量式硫酸脱绒和精选分级|研发种衣剂与包衣工艺|提高种子发芽整齐度",
        "脱绒机、比重精选机、包衣机",
        "日加工种子30吨",
        "7 8",
    ),
    _t(
        "breeding",
        "seed_industry",
        {PD: "分子育种与新品种选育", IS: "植物组培与脱毒苗快繁"},
        "开展分子标记辅助育种和基因编辑|提供马铃薯、葡萄脱毒苗组培快繁|加快新品种选育进程",
        "组培室、基因测序仪、人工气候室",
        "年繁育种苗200万株",
        "8 tarim-university",
    ),
    # 煤化工与精细化工
    _t(
        "coal_catalyst",
        "chemical",
        {PT: "煤化工催化剂性能评价", SU: "甲醇合成催化剂工艺放大", PD: "费托合成催化剂中试开发"},
        "在固定床微反和中试装置上评价催化剂活性、选择性和寿命|开展煤制甲醇和煤制烯烃催化剂放大制备|表征比表面积与孔结构",
        "固定床评价装置、程序升温化学吸附仪、比表面积分析仪",
        "催化剂年制备10吨",
        "6 8 7",
    ),
    _t(
        "fine_chemicals",
        "chemical",
        {SU: "精细化工合成工艺放大|连续流微反应工艺放大", PI: "精细化学品合成路线优化"},
        "在50升至2000升反应釜逐级放大合成工艺|开展微通道连续流反应替代釜式反应|进行反应热风险评估",
        "搪玻璃反应釜、微通道反应器、反应量热仪、精馏塔",
        "反应釜总容积10立方米",
        "6 8",
    ),
    _t(
        "pvc",
        "chemical",
        {PI: "聚氯乙烯树脂聚合工艺改进", PT: "氯碱及聚氯乙烯产品检测"},
        "研究电石法聚氯乙烯无汞催化工艺|开展特种树脂聚合试验|检测树脂黏数、白度和挥发物",
        "聚合釜、流变仪、熔融指数仪",
        "聚合中试釜30立方米",
        "8",
    ),
    _t(
        "coal_tar",
        "chemical",
        {SU: "煤焦油加氢工艺中试"},
        "开展中低温煤焦油加氢精制和裂化试验|生产清洁燃料油和化学品|评价加氢催化剂",
        "加氢反应装置、高压釜、气相色谱仪",
        "处理量每天1吨",
        "6 13",
    ),
    _t(
        "chemical_analysis",
        "chemical",
        {PT: "化工产品成分分析检测", IS: "色谱质谱仪器开放共享"},
        "提供气相色谱-质谱、红外光谱、元素分析测试|对化工原料和产品进行纯度分析|大型仪器按机时开放共享",
        "气相色谱-质谱联用仪GC-MS、傅里叶红外光谱仪、元素分析仪",
        "年测试样品3000个",
        "8 shihezi-university",
    ),
    # 硅基及新材料
    _t(
        "polysilicon",
        "silicon_new_materials",
        {PI: "多晶硅提纯与还原工艺改进", PT: "高纯硅杂质含量检测"},
        "研究改良西门子法还原炉节能工艺|开展三氯氢硅精馏提纯|检测硅材料中硼、磷及金属杂质",
        "还原炉、精馏塔、电感耦合等离子体质谱仪ICP-MS",
        "年产多晶硅中试料50吨",
        "6 7 8",
    ),
    _t(
        "organosilicon",
        "silicon_new_materials",
        {SU: "有机硅单体与硅橡胶工艺放大", TP: "硅油、硅橡胶小批量试生产"},
        "开展甲基氯硅烷单体合成和水解工艺试验|生产高温硫化硅橡胶和硅油|开发有机硅改性材料",
        "流化床反应器、捏合机、开炼机",
        "年产有机硅产品500吨",
        "8 6",
    ),
    _t(
        "aluminium",
        "silicon_new_materials",
        {PI: "高性能铝合金材料工艺改进", PT: "铝合金力学性能检测"},
        "研究铝合金熔铸、均匀化和挤压工艺|开发高导电铝杆和铝箔|测试拉伸强度与硬度",
        "熔铸炉、挤压机、万能材料试验机、金相显微镜",
        "年产铝合金中试料200吨",
        "6 8 1",
    ),
    _t(
        "materials_characterisation",
        "silicon_new_materials",
        {IS: "材料表征大型仪器开放共享", PT: "材料微观结构表征测试"},
        "提供扫描电镜、X射线衍射、热分析等表征测试|大型仪器按机时预约共享|出具测试报告",
        "场发射扫描电子显微镜SEM、X射线衍射仪XRD、同步热分析仪、激光粒度仪",
        "年开放机时4000小时",
        "8 shihezi-university tarim-university",
    ),
    _t(
        "composites",
        "silicon_new_materials",
        {PD: "玄武岩纤维复合材料开发"},
        "开发玄武岩纤维增强复合材料|应用于管道和建材|开展成型工艺试验",
        "拉丝炉、缠绕机、热压机",
        "年产复合材料100吨",
        "10 6",
    ),
    # 新能源
    _t(
        "li_cathode",
        "new_energy",
        {
            SU: "磷酸铁锂正极材料工艺放大|三元正极材料中试放大",
            PI: "正极材料烧结工艺优化",
            TP: "正极材料小批量试生产",
        },
        "可将实验室小试的正极材料配方放大到吨级|开展前驱体共沉淀、砂磨、喷雾干燥和辊道窑烧结|测定压实密度、比容量和循环性能",
        "砂磨机、喷雾干燥机、辊道窑、气流粉碎机、扣式电池测试系统",
        "年产正极材料100吨",
        "6 7 8 13",
    ),
    _t(
        "battery_testing",
        "new_energy",
        {PT: "动力与储能电池性能检测|电池安全性能测试"},
        "开展电池充放电循环寿命、倍率和高低温性能检测|进行针刺、挤压、过充等安全测试|依据国家标准出具报告",
        "电池充放电测试系统、高低温试验箱、针刺挤压试验机",
        "可同时测试电芯500只",
        "6 8",
    ),
    _t(
        "pv",
        "new_energy",
        {PT: "光伏组件性能检测", PI: "光伏组件封装工艺改进"},
        "测试光伏组件功率、电致发光和衰减|开展双面组件封装材料试验|评估沙尘环境下组件可靠性",
        "太阳模拟器、EL测试仪、湿热老化箱",
        "年检测组件2万块",
        "7 13 14",
    ),
    _t(
        "hydrogen",
        "new_energy",
        {SU: "电解水制氢系统中试", CS: "绿氢项目技术咨询"},
        "建有碱性电解槽和PEM电解槽中试平台|开展风光耦合制氢试验|提供绿氢项目可行性咨询",
        "碱性电解槽、PEM电解槽、氢气纯化装置",
        "制氢能力每小时50标方",
        "1 6 13",
    ),
    _t(
        "energy_storage",
        "new_energy",
        {PD: "钠离子电池与储能系统开发", TP: "储能电池模组小批量试制"},
        "开发钠离子电池正负极材料和电芯|进行储能电池模组集成与电池管理系统测试|服务风光储项目",
        "叠片机、注液机、化成分容柜、模组装配线",
        "年产储能模组10兆瓦时",
        "6 8",
    ),
    # 装备制造
    _t(
        "agri_machinery",
        "equipment_manufacturing",
        {TP: "采棉机关键零部件试制|残膜回收机样机试制", PI: "农机装备可靠性改进"},
        "试制采棉机摘锭、脱棉盘等关键零部件|研制残膜回收机和精量播种机|开展田间可靠性试验",
        "数控加工中心、激光切割机、焊接机器人、田间试验台",
        "年试制样机20台",
        "7 8 1",
    ),
    _t(
        "drip_irrigation",
        "equipment_manufacturing",
        {PI: "滴灌带生产工艺改进", PT: "节水灌溉器材检测"},
        "优化内镶贴片式滴灌带挤出工艺|研发可降解滴灌带|检测滴头流量均匀度和抗堵塞性能",
        "滴灌带挤出生产线、流量测试台",
        "年产滴灌带1亿米",
        "8 6",
    ),
    _t(
        "machining",
        "equipment_manufacturing",
        {TP: "精密零部件与3D打印样件试制", IS: "金属3D打印设备共享"},
        "提供五轴数控加工和金属增材制造|快速制作功能样件|支持小批量零部件生产",
        "五轴加工中心、金属3D打印机、三坐标测量机",
        "年加工零件1万件",
        "8 6 12",
    ),
    _t(
        "equipment_testing",
        "equipment_manufacturing",
        {PT: "机械产品性能与无损检测"},
        "提供超声、射线和磁粉无损检测|测试零部件疲劳和振动性能|服务装备制造企业",
        "超声探伤仪、工业CT、疲劳试验机、振动台",
        "年检测3000件",
        "8 12",
    ),
    # 生物医药
    _t(
        "formulation",
        "biomedicine",
        {SU: "口服固体制剂中试放大", TP: "片剂、胶囊小批量试生产", PD: "仿制药制剂工艺开发"},
        "在符合GMP要求的中试车间开展制粒、压片、包衣和胶囊填充|可进行一致性评价处方工艺研究|提供工艺验证批生产",
        "湿法制粒机、流化床、高速压片机、包衣机、胶囊填充机",
        "年产片剂5000万片",
        "8 6 shihezi-university",
    ),
    _t(
        "herbal",
        "biomedicine",
        {PI: "中药材提取纯化工艺改进", SU: "民族药提取物中试放大"},
        "对肉苁蓉、甘草、雪菊、罗布麻等开展提取纯化|采用大孔树脂和膜分离工艺|开发中药配方颗粒",
        "多功能提取罐、大孔树脂柱、浓缩器、喷雾干燥塔",
        "年处理药材500吨",
        "1 3 14 tarim-university",
    ),
    _t(
        "biofermentation",
        "biomedicine",
        {SU: "微生物发酵工艺放大|益生菌发酵中试", PI: "酶制剂发酵工艺优化"},
        "拥有5升到5000升发酵罐逐级放大平台|开展益生菌、酶制剂和氨基酸发酵|提供菌种选育和下游纯化",
        "发酵罐组、离心机、陶瓷膜过滤系统、冻干机",
        "发酵总容积20立方米",
        "8 1",
    ),
    _t(
        "drug_testing",
        "biomedicine",
        {PT: "药品质量检验与微生物限度检查"},
        "依据中国药典开展含量测定、有关物质和溶出度检测|进行微生物限度和无菌检查|服务药品生产企业",
        "高效液相色谱仪HPLC、溶出仪、无菌隔离器",
        "年检测样品2000批次",
        "8 corps-direct",
    ),
    # 现代服务业
    _t(
        "tech_transfer",
        "modern_services",
        {CS: "科技成果转化与技术转移咨询|知识产权与专利布局咨询"},
        "为企业提供技术评估、专利检索和成果转化方案|对接高校院所科技成果|协助申报科技项目",
        "专利检索数据库",
        "年服务企业100家",
        "corps-direct 8 shihezi-university",
    ),
    _t(
        "digital",
        "modern_services",
        {PD: "工业数字化仿真与数据模拟", CS: "智能制造与工业互联网咨询"},
        "利用计算流体力学和数字孪生开展工艺仿真|提供生产数据采集和工业互联网方案|降低中试试错成本",
        "仿真工作站、工业数据采集平台",
        "年完成仿真项目30项",
        "8 corps-direct",
    ),
)

# What a base specialised in a topic calls itself (石河子市番茄制品中试熟化基地).
# fmt: off
SUBJECTS = {
    "tomato_paste": "番茄制品", "lycopene": "番茄精深加工", "red_dates": "红枣", "wine": "葡萄酒",
    "fruit_juice": "果蔬汁", "freeze_dried": "果蔬加工", "nuts": "干果", "cold_chain": "林果保鲜",
    "cotton_spinning": "棉纺织", "cotton_fiber_testing": "棉花质量", "dyeing": "纺织印染", "nonwoven": "非织造材料",
    "garment": "服装", "edible_oil": "油脂", "flour": "面制品", "corn": "玉米深加工", "grain_testing": "粮油质检",
    "meat": "肉制品", "dairy": "乳业", "feed": "饲料", "vet_vaccine": "动物疫苗", "seed_testing": "种子质检",
    "seed_processing": "种子加工", "breeding": "生物育种", "coal_catalyst": "煤化工催化", "fine_chemicals": "精细化工",
    "pvc": "氯碱化工", "coal_tar": "煤焦油", "chemical_analysis": "化工分析", "polysilicon": "多晶硅",
    "organosilicon": "有机硅", "aluminium": "铝基材料", "materials_characterisation": "材料测试", "composites": "复合材料",
    "li_cathode": "锂电材料", "battery_testing": "电池检测", "pv": "光伏", "hydrogen": "氢能", "energy_storage": "储能",
    "agri_machinery": "农机装备", "drip_irrigation": "节水器材", "machining": "精密制造", "equipment_testing": "装备检测",
    "formulation": "药物制剂", "herbal": "中药民族药", "biofermentation": "生物发酵", "drug_testing": "药品检验",
    "tech_transfer": "技术转移", "digital": "数字化",
}
# fmt: on

_KIND_INTRO = {
    PD: "面向企业和高校院所遴选具备产业化前景的小试成果，",
    PI: "针对企业生产中的工艺瓶颈开展改进，",
    SU: "提供从小试到中试的工艺放大和熟化服务，",
    TP: "提供小批量试生产和样品试制服务，",
    PT: "提供产品性能检测服务，",
    IS: "面向社会开放共享大型仪器设备，",
    CS: "提供技术咨询与方案设计服务，",
}

_FEES = ("按项目协商", "面议", "5000元/批次起", "2万元/批次起", "800元/样品", "300元/机时", "10万元/项目起")


def _bases(topics: tuple[Topic, ...], n_bases: int, rng: random.Random) -> list[BaseDocument]:
    names = ("科技成果转化中试基地", "中试熟化基地", "工程技术研究中心中试平台", "产业技术研究院中试基地")
    bases: list[BaseDocument] = []
    for number in range(n_bases):
        topic = topics[number % len(topics)]
        division = topic.divisions[number // len(topics) % len(topic.divisions)]
        label = DIVISIONS[division].split("（")[0]
        place = label.split("师")[-1] or label
        subject = SUBJECTS[topic.id]
        bases.append(
            BaseDocument(
                filing_number=f"BTZS-{2023 + number % 3}-{number + 1:04d}",
                name=f"{place}{subject}{names[number % len(names)]}",
                organisation=f"{place}{subject}科技有限公司",
                division=division,
                industry_chains=(topic.chain,),
                description=f"服务{short_label(INDUSTRY_CHAINS[topic.chain])}产业链的中试基地，{topic.details[0]}。",
            )
        )
    return bases


def generate(
    n_services: int = 200, n_bases: int = 60, seed: int = 7
) -> tuple[list[BaseDocument], list[ServiceDocument], dict[tuple[str, str], str]]:
    """A catalogue of ``n_services`` services offered by ``n_bases`` bases, and each service's topic."""
    rng = random.Random(seed)  # seeded, reproducible sample data  # nosec B311
    bases = _bases(TOPICS, n_bases, rng)
    by_topic: dict[str, list[BaseDocument]] = {}
    for number, base in enumerate(bases):
        by_topic.setdefault(TOPICS[number % len(TOPICS)].id, []).append(base)
    services: list[ServiceDocument] = []
    topic_of: dict[tuple[str, str], str] = {}
    slots = [(topic, kind) for topic in TOPICS for kind in topic.titles]
    counter: dict[str, int] = {}
    for number in range(n_services):
        topic, kind = slots[number % len(slots)] if number < len(slots) * 2 else rng.choice(slots)
        candidates = by_topic.get(topic.id) or bases
        base = (
            candidates[(number // len(slots)) % len(candidates)]
            if number < len(slots) * 2
            else rng.choice(candidates)
        )
        counter[base.filing_number] = counter.get(base.filing_number, 0) + 1
        ref = f"S{counter[base.filing_number]:03d}"
        variants = topic.titles[kind]
        title = (
            variants[(number // len(slots)) % len(variants)]
            if number < len(slots) * 2
            else rng.choice(variants)
        )
        details = list(topic.details)
        rng.shuffle(details)
        description = _KIND_INTRO[kind] + "；".join(details[: rng.randint(2, len(details))]) + "。"
        equipment = list(topic.equipment)
        rng.shuffle(equipment)
        service = ServiceDocument(
            base=base.filing_number,
            ref=ref,
            title=title,
            kinds=(kind,),
            industry_chains=(topic.chain,),
            description=description,
            equipment=tuple(equipment[: rng.randint(min(2, len(equipment)), len(equipment))]),
            capacity=topic.capacity,
            lead_time_days=rng.choice((7, 15, 20, 30, 45, 60, 90)),
            fee=rng.choice(_FEES),
            base_name=base.name,
            base_division=base.division,
            base_description=base.description,
        )
        services.append(service)
        topic_of[(service.base, service.ref)] = topic.id
    return bases, services, topic_of


LABELLED_DIR = Path(__file__).with_name("labelled")


def write_jsonl(path: Path, rows: list) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        for row in rows:
            data = asdict(row)
            handle.write(
                json.dumps(
                    {k: list(v) if isinstance(v, tuple) else v for k, v in data.items()}, ensure_ascii=False
                )
                + "\n"
            )


# Everyday requests, as enterprises write them, with the topics that answer them.
# (query, topics that answer it, kinds that answer it best (empty: all), related topics)
QUERIES: tuple[tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]], ...] = (
    ("番茄酱杀菌工艺放大", ("tomato_paste",), (SU, PI), ("lycopene",)),
    ("需要做锂电池正极材料小试到中试的放大", ("li_cathode",), (SU,), ("battery_testing", "energy_storage")),
    ("葡萄酒酿造 小批量试产", ("wine",), (TP, SU), ()),
    ("红酒发酵工艺优化", ("wine",), (PI, SU), ("biofermentation",)),
    ("西红柿酱小批量生产", ("tomato_paste",), (TP,), ("lycopene",)),
    ("棉纱纺纱中试线试纺", ("cotton_spinning",), (), ("dyeing",)),
    ("棉花纤维质量化验", ("cotton_fiber_testing",), (), ("cotton_spinning",)),
    ("种子发芽率和纯度检测", ("seed_testing",), (), ("seed_processing",)),
    ("煤制甲醇催化剂活性评价", ("coal_catalyst",), (PT,), ("coal_tar",)),
    ("多晶硅提纯", ("polysilicon",), (), ()),
    ("药片中试放大 GMP车间", ("formulation",), (SU, TP), ()),
    ("肉苁蓉提取", ("herbal",), (), ()),
    ("牛羊肉制品灭菌", ("meat",), (), ()),
    ("酸奶发酵乳试产", ("dairy",), (TP,), ("biofermentation",)),
    ("电池循环寿命测试", ("battery_testing",), (), ("li_cathode",)),
    ("光伏组件检验", ("pv",), (PT,), ()),
    ("电解水制氢中试", ("hydrogen",), (), ()),
    ("采棉机零部件试制", ("agri_machinery",), (TP,), ("machining",)),
    ("滴灌带工艺改进", ("drip_irrigation",), (PI,), ()),
    ("扫描电镜和XRD测试 仪器共享", ("materials_characterisation",), (), ("chemical_analysis",)),
    ("食用油精炼工艺", ("edible_oil",), (), ()),
    ("粮食黄曲霉毒素检测", ("grain_testing",), (), ()),
    ("牛羊饲料配方开发", ("feed",), (PD,), ()),
    ("兽用疫苗放大生产", ("vet_vaccine",), (SU,), ("biofermentation",)),
    ("枣粉枣泥深加工", ("red_dates",), (), ()),
    ("益生菌发酵扩试", ("biofermentation",), (SU,), ("dairy",)),
    ("硅橡胶小批量生产", ("organosilicon",), (TP,), ()),
    ("铝合金拉伸强度测试", ("aluminium",), (PT,), ("equipment_testing",)),
    ("精细化工合成放大 连续流", ("fine_chemicals",), (SU,), ()),
    ("专利和技术转移咨询", ("tech_transfer",), (), ()),
    ("tomato paste sterilization scale-up", ("tomato_paste",), (SU,), ("lycopene",)),
    ("lithium battery cathode pilot scale up", ("li_cathode",), (SU,), ("battery_testing",)),
    ("wine fermentation trial production", ("wine",), (TP, SU), ()),
    ("cotton spinning pilot line", ("cotton_spinning",), (), ()),
    ("seed germination testing", ("seed_testing",), (), ()),
    ("正极材料 pilot 放大", ("li_cathode",), (SU,), ()),
    ("HPLC 药品检测", ("drug_testing",), (), ("herbal",)),
    ("水刺无纺布", ("nonwoven",), (), ()),
    ("冷冻干燥水果", ("freeze_dried",), (), ()),
    ("果汁浓缩和膜过滤", ("fruit_juice",), (), ()),
    ("找个地方化验一下我们的面粉", ("grain_testing", "flour"), (PT,), ()),
    ("储能 钠离子电池开发", ("energy_storage",), (), ("battery_testing",)),
)


def build_labelled(directory: Path = LABELLED_DIR) -> None:
    """Write the labelled evaluation set: catalogue.jsonl, bases.jsonl and queries.json.

    Relevance is judged from each service's topic and kind: 3 answers the request in the way asked,
    2 is the right subject but another kind of service, 1 is a related subject.
    """
    bases, services, topic_of = generate(n_services=200, n_bases=60, seed=7)
    write_jsonl(directory / "bases.jsonl", bases)
    write_jsonl(directory / "catalogue.jsonl", services)
    queries = []
    for text, topics, kinds, related in QUERIES:
        relevance: dict[str, int] = {}
        for service in services:
            topic = topic_of[(service.base, service.ref)]
            if topic in topics:
                grade = 3 if not kinds or set(service.kinds) & set(kinds) else 2
            elif topic in related:
                grade = 1
            else:
                continue
            relevance[f"{service.base}/{service.ref}"] = grade
        queries.append({"query": text, "relevance": relevance})
    with open(directory / "queries.json", "w", encoding="utf-8") as handle:
        json.dump(queries, handle, ensure_ascii=False, indent=1)
        handle.write("\n")


if __name__ == "__main__":
    build_labelled()
