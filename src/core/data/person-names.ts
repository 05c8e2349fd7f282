// Person-name columns: header evidence (English and Chinese) plus name-like values, so that names are pseudonymised
// like e-mail addresses. A header that says "person" (customer_name, 客户姓名, 联系人) needs name-shaped values; a bare
// `Name` (which also heads product and city lists) needs values that are names of people: Chinese names that start
// with a common surname, or Western "Given Family" names whose first word is a common given name.

/** Headers that name a person's name: English (any case, separators or none) and Chinese (as a suffix). */
const PERSON_HEADER_RE =
  /^(?:(?:first|last|full|given|family|middle|customer|contact|person|user|client|member|sur|patient|student|employee|recipient|card[\s_-]?holder|account[\s_-]?holder)[\s_-]?name|surname|forename|姓|联系人|收货人|收件人|持卡人|联系人姓名)$|(?:姓名|名字)$/i;
/** Headers that may hold any kind of name. */
const GENERIC_HEADER_RE = /^(?:names?|full[\s_-]?names?)$/i;

const WORDY_NAME_RE = /^[\p{Lu}][\p{L}'’.-]*(?:\s+[\p{L}][\p{L}'’.-]*){0,3}$/u;
const CJK_NAME_RE = /^[\u4e00-\u9fff]{2,4}$/;
const WESTERN_NAME_RE = /^\p{Lu}[\p{Ll}'’-]+(?:\s+\p{Lu}[\p{Ll}'’.-]*){1,2}$/u;

// The most common Chinese surnames (simplified, and the traditional forms that differ): together they cover about
// nine in ten people in mainland China and Taiwan.
const SURNAMES = new Set(
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝陳張劉黃趙吳楊許鄭謝蘇葉呂蔣錢馮鄧韓盧蕭顏賴鍾龔譚羅駱鄒龍賀歐陸闕'.split(
    '',
  ),
);
const COMPOUND_SURNAMES = new Set(
  '欧阳 司马 上官 诸葛 东方 皇甫 令狐 慕容 尉迟 长孙 宇文 夏侯 公孙 轩辕 端木 独孤 南宫 西门 歐陽 司馬 諸葛 長孫'.split(
    ' ',
  ),
);

// Common given names across English, French, German, Spanish, Italian and Portuguese usage (lower case).
const GIVEN = new Set(
  (
    'james john robert michael william david richard joseph thomas charles christopher daniel matthew anthony mark ' +
    'donald steven paul andrew joshua kenneth kevin brian george timothy ronald edward jason jeffrey ryan jacob gary ' +
    'nicholas eric jonathan stephen larry justin scott brandon benjamin samuel gregory alexander frank patrick raymond ' +
    'jack dennis jerry tyler aaron adam nathan henry peter zachary douglas harold kyle noah carl arthur gerald roger ' +
    'keith jeremy terry lawrence sean christian albert joe ethan austin jesse billy bryan bruce jordan ralph roy alan ' +
    'wayne eugene gabriel louis russell vincent philip logan bobby harry johnny bob tom tim jim sam ben max oliver liam ' +
    'lucas leo hugo mary patricia jennifer linda elizabeth barbara susan jessica sarah karen lisa nancy betty margaret ' +
    'sandra ashley kimberly emily donna michelle carol amanda dorothy melissa deborah stephanie rebecca sharon laura ' +
    'cynthia kathleen amy angela shirley anna brenda pamela emma nicole helen samantha katherine christine rachel ' +
    'janet catherine maria heather diane ruth julie olivia joyce virginia victoria kelly lauren christina joan evelyn ' +
    'megan andrea hannah jacqueline martha gloria teresa ann anne sara madison frances jean alice judy sophia grace ' +
    'natalie charlotte marie zoe zoë eva mia ella chloe lucy amelia isabella ava hans klaus jürgen wolfgang andreas ' +
    'stefan markus sabine petra monika ursula pierre michel philippe nicolas françois sophie isabelle nathalie camille ' +
    'andré rené hélène jérôme frédéric luca marco giuseppe francesco giovanni alessandro paolo giulia chiara francesca ' +
    'sofia carlos juan luis miguel javier antonio manuel lucía carmen ana josé pedro joão ahmed mohamed ali fatima omar'
  ).split(' '),
);

function chinesePerson(s: string): boolean {
  return CJK_NAME_RE.test(s) && (SURNAMES.has(s[0]!) || COMPOUND_SURNAMES.has(s.slice(0, 2)));
}

/**
 * Whether a column holds people's names: ≥ 80 % name-shaped values under a person header, or — under a bare `Name` —
 * ≥ 80 % Chinese names starting with a common surname or Western two-to-three-word names, at least half of the
 * Western ones starting with a common given name (so `Red Mug`, `Blue Vase` or 北京 are not people).
 */
export function isPersonNameColumn(header: string, values: readonly string[]): boolean {
  const h = header.trim();
  const n = values.length;
  if (n === 0) return false;
  if (PERSON_HEADER_RE.test(h)) {
    const named = values.filter((s) => WORDY_NAME_RE.test(s) || CJK_NAME_RE.test(s)).length;
    return named >= 0.8 * n;
  }
  if (!GENERIC_HEADER_RE.test(h)) return false;
  let chinese = 0;
  let western = 0;
  let given = 0;
  for (const s of values) {
    if (chinesePerson(s)) chinese++;
    else if (WESTERN_NAME_RE.test(s)) {
      western++;
      if (GIVEN.has(s.split(/\s+/)[0]!.toLowerCase())) given++;
    }
  }
  return chinese + western >= 0.8 * n && given >= 0.5 * western;
}
