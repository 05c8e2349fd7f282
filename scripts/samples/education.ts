// Education sample workspace: course enrolments (with completion and some 1–5 star ratings) from planted topic
// clusters — each learner has a home topic (some a second one) and picks courses there by course popularity — and the
// course catalogue, so recommendations can be checked against the topics that generated the data.
import type { SampleSet } from '../gen-samples.ts';
import { normal, rng } from '../../src/core/random.ts';

export const WORKSPACE = 'education';

export const TOPICS = [
  'data & analytics',
  'software development',
  'design',
  'business & management',
  'languages',
  'marketing',
];
const SUBJECTS: string[][] = [
  [
    'SQL',
    'Statistics',
    'Data Visualisation',
    'Machine Learning',
    'Excel',
    'Python for Data',
    'Forecasting',
    'A/B Testing',
    'Dashboards',
    'Data Cleaning',
  ],
  [
    'JavaScript',
    'Web APIs',
    'Cloud Computing',
    'Git',
    'TypeScript',
    'Mobile Apps',
    'Testing',
    'Databases',
    'DevOps',
    'Security',
  ],
  [
    'UX Research',
    'Typography',
    'Illustration',
    'Figma',
    'Colour Theory',
    'Photography',
    'Motion Graphics',
    'Branding',
    'Accessibility',
    'Prototyping',
  ],
  [
    'Project Management',
    'Leadership',
    'Finance for Managers',
    'Negotiation',
    'Strategy',
    'Operations',
    'Agile Teams',
    'Accounting',
    'Public Speaking',
    'Hiring',
  ],
  [
    'Spanish',
    'French',
    'German',
    'Italian',
    'Japanese',
    'Mandarin',
    'Portuguese',
    'Business English',
    'Arabic',
    'Korean',
  ],
  [
    'SEO',
    'Social Media',
    'Email Campaigns',
    'Copywriting',
    'Brand Strategy',
    'Paid Search',
    'Content Marketing',
    'Analytics for Marketers',
    'Pricing',
    'Customer Research',
  ],
];
const LEVELS = [
  { level: 'beginner', prefix: 'Foundations of', pop: 0.6, hours: 6 },
  { level: 'intermediate', prefix: 'Practical', pop: 0, hours: 12 },
  { level: 'advanced', prefix: 'Advanced', pop: -0.6, hours: 20 },
];

/** The planted enrolment process. */
export const PLANTED = {
  learners: 2000,
  /** chance a learner has a second topic; its share of their in-topic picks */
  secondTopicRate: 0.3,
  secondTopicShare: 0.3,
  /** chance a pick is outside the learner's topics (any course, by popularity) */
  exploreRate: 0.12,
  /** course popularity: log-weight = level effect + N(0, popularitySd²) */
  popularitySd: 0.8,
  /** enrolments per learner: 4 + Poisson-like draw with this mean, at most the catalogue */
  extraEnrolments: 7,
  /** completion log-odds: base + in-topic bonus (advanced courses −0.5) */
  completeBase: -0.2,
  completeInTopic: 1.2,
  /** rating (completed: 70 % rate it, dropped: 20 %) = round(3.1 + 0.9·in-topic + quality + N(0, 0.7²)), 1–5 */
  ratingBase: 3.1,
  ratingInTopic: 0.9,
  qualitySd: 0.5,
};

export interface EducationTruth {
  topics: string[];
  courses: number;
  learners: number;
  enrolments: number;
  ratings: number;
  /** course id → topic */
  courseTopic: Record<string, string>;
  /** learner id → their topics (home first) */
  learnerTopics: Record<string, string[]>;
  /** share of enrolments in one of the learner's own topics, as generated */
  inTopicShare: number;
  planted: typeof PLANTED;
}

interface Course {
  id: string;
  title: string;
  topic: number;
  level: number;
  weight: number;
  quality: number;
  hours: number;
}

function drawCourses(rand: () => number, gauss: () => number): Course[] {
  const courses: Course[] = [];
  SUBJECTS.forEach((subjects, topic) =>
    subjects.forEach((subject) =>
      LEVELS.forEach((lv, level) => {
        const id = `CRS-${String(courses.length + 101)}`;
        const weight = Math.exp(lv.pop + PLANTED.popularitySd * gauss());
        const hours = Math.max(2, Math.round(lv.hours * (0.7 + 0.6 * rand())));
        const quality = PLANTED.qualitySd * gauss();
        courses.push({ id, title: `${lv.prefix} ${subject}`, topic, level, weight, quality, hours });
      }),
    ),
  );
  return courses;
}

/** Picks an index with probability ∝ weight among `pool`, skipping those already taken. */
function pickWeighted(pool: Course[], taken: Set<string>, rand: () => number): Course | null {
  let total = 0;
  for (const c of pool) if (!taken.has(c.id)) total += c.weight;
  if (total <= 0) return null;
  let x = rand() * total;
  for (const c of pool) {
    if (taken.has(c.id)) continue;
    x -= c.weight;
    if (x <= 0) return c;
  }
  return null;
}

interface Draw {
  rand: () => number;
  gauss: () => number;
  courses: Course[];
  byTopic: Course[][];
}

/** One learner's enrolments as CSV lines; returns how many were in their own topics and how many were rated. */
function learnerEnrolments(id: string, topics: number[], d: Draw, lines: string[]) {
  const { rand, gauss, courses, byTopic } = d;
  const P = PLANTED;
  let count = 4;
  while (rand() < P.extraEnrolments / (P.extraEnrolments + 1)) count++;
  count = Math.min(count, 40);
  const taken = new Set<string>();
  let day = Math.floor(rand() * 540);
  let inTopic = 0;
  let rated = 0;
  for (let k = 0; k < count; k++) {
    const explore = rand() < P.exploreRate;
    const t = topics.length > 1 && rand() < P.secondTopicShare ? topics[1]! : topics[0]!;
    const c = pickWeighted(explore ? courses : byTopic[t]!, taken, rand) ?? pickWeighted(courses, taken, rand);
    if (!c) break;
    taken.add(c.id);
    const own = topics.includes(c.topic) ? 1 : 0;
    inTopic += own;
    const z = P.completeBase + P.completeInTopic * own - (c.level === 2 ? 0.5 : 0);
    const completed = rand() < 1 / (1 + Math.exp(-z));
    let stars = '';
    if (rand() < (completed ? 0.7 : 0.2)) {
      const r = P.ratingBase + P.ratingInTopic * own + c.quality + 0.7 * gauss() - (completed ? 0 : 0.8);
      stars = String(Math.min(5, Math.max(1, Math.round(r))));
      rated++;
    }
    const date = new Date(Date.UTC(2024, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
    lines.push(`${id},${c.id},${date},${completed ? 'yes' : 'no'},${stars}`);
    day = Math.min(729, day + 1 + Math.floor(-20 * Math.log(1 - rand())));
  }
  return { inTopic, rated, n: taken.size };
}

function drawEnrolments(d: Draw) {
  const { rand } = d;
  const P = PLANTED;
  const lines = ['learner_id,course_id,enrolled_at,completed,stars'];
  const learnerTopics: Record<string, string[]> = {};
  let inTopic = 0;
  let rated = 0;
  let n = 0;
  for (let u = 0; u < P.learners; u++) {
    const id = `L${String(u + 1).padStart(5, '0')}`;
    const home = Math.floor(rand() * TOPICS.length);
    const topics = [home];
    if (rand() < P.secondTopicRate) topics.push((home + 1 + Math.floor(rand() * (TOPICS.length - 1))) % TOPICS.length);
    learnerTopics[id] = topics.map((t) => TOPICS[t]!);
    const out = learnerEnrolments(id, topics, d, lines);
    inTopic += out.inTopic;
    rated += out.rated;
    n += out.n;
  }
  return { csv: lines.join('\n') + '\n', learnerTopics, inTopic, rated, n };
}

function catalogueCsv(courses: Course[]): string {
  const lines = ['course_id,course_title,topic,level,duration_hours'];
  for (const c of courses) lines.push([c.id, c.title, TOPICS[c.topic]!, LEVELS[c.level]!.level, c.hours].join(','));
  return lines.join('\n') + '\n';
}

export function generate(seed: number): SampleSet & { truth: EducationTruth } {
  const rand = rng(seed);
  const gauss = normal(rand);
  const courses = drawCourses(rand, gauss);
  const byTopic = TOPICS.map((_, t) => courses.filter((c) => c.topic === t));
  const e = drawEnrolments({ rand, gauss, courses, byTopic });
  const truth: EducationTruth = {
    topics: TOPICS,
    courses: courses.length,
    learners: PLANTED.learners,
    enrolments: e.n,
    ratings: e.rated,
    courseTopic: Object.fromEntries(courses.map((c) => [c.id, TOPICS[c.topic]!])),
    learnerTopics: e.learnerTopics,
    inTopicShare: e.inTopic / e.n,
    planted: PLANTED,
  };
  const share = (100 * truth.inTopicShare).toFixed(0);
  return {
    files: [
      {
        name: 'education-enrolments.csv',
        csv: e.csv,
        description: `Course enrolments: ${e.n} by ${PLANTED.learners} learners in ${courses.length} courses (enrolled_at, completed yes/no, 1–5 stars on ${e.rated}). Learners come from ${TOPICS.length} planted topic clusters; ${share} % of enrolments are in a learner's own topics.`,
      },
      {
        name: 'education-courses.csv',
        csv: catalogueCsv(courses),
        description: `Course catalogue: ${courses.length} courses (course_id, course_title, topic, level, duration_hours) in ${TOPICS.length} topics.`,
      },
    ],
    truth,
  };
}
