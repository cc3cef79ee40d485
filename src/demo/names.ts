import type { Rng } from './random';

/**
 * Synthetic names for the demo data set. First names and surnames are common ones drawn
 * independently, so every pupil is a made-up combination, not a real person.
 * School and provider names are built from invented place names.
 */

type NameGroup =
  'british' | 'otherWhite' | 'roma' | 'irish' | 'southAsian' | 'african' | 'caribbean' | 'chinese' | 'arab';

interface Pool {
  male: readonly string[];
  female: readonly string[];
  surnames: readonly string[];
}

const POOLS: Record<NameGroup, Pool> = {
  british: {
    male: [
      'Oliver',
      'Jack',
      'Harry',
      'George',
      'Charlie',
      'Jacob',
      'Thomas',
      'Oscar',
      'William',
      'James',
      'Leo',
      'Alfie',
      'Noah',
      'Freddie',
      'Archie',
      'Joshua',
      'Ethan',
      'Henry',
      'Max',
      'Riley',
      'Tyler',
      'Kai',
      'Mason',
      'Logan',
      'Lewis',
      'Callum',
      'Kian',
      'Reece',
      'Liam',
      'Dylan',
      'Harvey',
      'Louie',
      'Finley',
      'Toby',
      'Ryan',
      'Connor',
      'Bradley',
      'Jake',
      'Sam',
      'Owen',
    ],
    female: [
      'Olivia',
      'Amelia',
      'Isla',
      'Ava',
      'Emily',
      'Poppy',
      'Sophie',
      'Lily',
      'Grace',
      'Ella',
      'Evie',
      'Freya',
      'Chloe',
      'Millie',
      'Ruby',
      'Jessica',
      'Holly',
      'Megan',
      'Lacey',
      'Phoebe',
      'Maisie',
      'Erin',
      'Scarlett',
      'Daisy',
      'Eleanor',
      'Hannah',
      'Lucy',
      'Katie',
      'Charlotte',
      'Leah',
      'Niamh',
      'Summer',
      'Harriet',
      'Imogen',
      'Abigail',
      'Mia',
    ],
    surnames: [
      'Smith',
      'Jones',
      'Taylor',
      'Brown',
      'Wilson',
      'Johnson',
      'Walker',
      'Wright',
      'Robinson',
      'Thompson',
      'White',
      'Hughes',
      'Edwards',
      'Green',
      'Hall',
      'Wood',
      'Harris',
      'Lewis',
      'Martin',
      'Jackson',
      'Clarke',
      'Turner',
      'Hill',
      'Scott',
      'Cooper',
      'Morris',
      'Ward',
      'Moore',
      'King',
      'Watson',
      'Baker',
      'Harrison',
      'Morgan',
      'Allen',
      'Marshall',
      'Barker',
      'Shaw',
      'Booth',
      'Holmes',
      'Fletcher',
      'Hudson',
      'Bennett',
      'Lee',
      'Cartwright',
      'Sykes',
      'Hobson',
      'Beaumont',
      'Gregory',
      'Pearson',
      'Brooks',
      'Dawson',
      'Atkinson',
      'Parkin',
      'Hirst',
      'Lockwood',
      'Mellor',
      'Senior',
      'Firth',
    ],
  },
  otherWhite: {
    male: [
      'Jakub',
      'Kacper',
      'Filip',
      'Mateusz',
      'Lukas',
      'Tomas',
      'David',
      'Adam',
      'Andrei',
      'Matei',
      'Oskar',
      'Szymon',
      'Marek',
      'Nikolai',
      'Erik',
    ],
    female: [
      'Zuzana',
      'Natalia',
      'Julia',
      'Wiktoria',
      'Maja',
      'Alexandra',
      'Ioana',
      'Maria',
      'Zofia',
      'Lena',
      'Amelia',
      'Elena',
      'Daria',
    ],
    surnames: [
      'Nowak',
      'Kowalski',
      'Wisniewski',
      'Popescu',
      'Ionescu',
      'Novak',
      'Kovac',
      'Dvorak',
      'Lewandowski',
      'Kaminski',
      'Wojcik',
      'Petrov',
      'Jansen',
      'Ferreira',
      'Rossi',
      'Szabo',
      'Marin',
    ],
  },
  roma: {
    male: ['Denis', 'Patrik', 'Marek', 'Roman', 'Daniel', 'Erik', 'Dominik', 'Samuel'],
    female: ['Denisa', 'Vanessa', 'Nikola', 'Klaudia', 'Sabina', 'Monika', 'Adriana'],
    surnames: ['Balog', 'Horvath', 'Lakatos', 'Gazi', 'Oracko', 'Dudi', 'Kotlar', 'Bandi', 'Conka'],
  },
  irish: {
    male: ['Sean', 'Patrick', 'Cian', 'Conor', 'Michael', 'John', 'Tommy', 'Martin', 'Jimmy'],
    female: ['Aoife', 'Siobhan', 'Bridget', 'Mary', 'Kathleen', 'Roisin', 'Margaret', 'Nora'],
    surnames: [
      "O'Brien",
      'Murphy',
      'Kelly',
      'Doyle',
      'McDonagh',
      'Connors',
      'Quinn',
      'Byrne',
      'Maughan',
      'Joyce',
      'Collins',
    ],
  },
  southAsian: {
    male: [
      'Muhammad',
      'Ibrahim',
      'Yusuf',
      'Ayaan',
      'Zain',
      'Hamza',
      'Ali',
      'Adam',
      'Rayyan',
      'Bilal',
      'Imran',
      'Zayn',
      'Arjun',
      'Rohan',
      'Aarav',
      'Dev',
      'Harjit',
      'Haris',
      'Umar',
      'Idris',
    ],
    female: [
      'Aisha',
      'Maryam',
      'Fatima',
      'Zara',
      'Hafsa',
      'Amina',
      'Inaaya',
      'Safa',
      'Alisha',
      'Noor',
      'Priya',
      'Anaya',
      'Simran',
      'Riya',
      'Zainab',
      'Hania',
      'Iqra',
    ],
    surnames: [
      'Khan',
      'Hussain',
      'Ahmed',
      'Ali',
      'Akhtar',
      'Iqbal',
      'Mahmood',
      'Rashid',
      'Uddin',
      'Rahman',
      'Miah',
      'Islam',
      'Patel',
      'Sharma',
      'Singh',
      'Gill',
      'Sandhu',
      'Shah',
      'Butt',
      'Chaudhry',
      'Aslam',
      'Saddique',
      'Anwar',
      'Riaz',
    ],
  },
  african: {
    male: [
      'Samuel',
      'Daniel',
      'David',
      'Emmanuel',
      'Joshua',
      'Kwame',
      'Tobi',
      'Ayo',
      'Abdi',
      'Mohamed',
      'Yonas',
      'Elijah',
      'Chidi',
      'Kofi',
    ],
    female: [
      'Grace',
      'Blessing',
      'Favour',
      'Precious',
      'Esther',
      'Deborah',
      'Amara',
      'Adaeze',
      'Hodan',
      'Ifrah',
      'Nia',
      'Abena',
      'Sagal',
    ],
    surnames: [
      'Okafor',
      'Mensah',
      'Adeyemi',
      'Osei',
      'Boateng',
      'Mohamud',
      'Abdi',
      'Hassan',
      'Warsame',
      'Nwosu',
      'Banda',
      'Mwangi',
      'Tesfaye',
      'Kamara',
      'Bangura',
      'Okonkwo',
      'Asante',
    ],
  },
  caribbean: {
    male: ['Jermaine', 'Tyrese', 'Jayden', 'Kai', 'Marcus', 'Andre', 'Tyler', 'Isaiah', 'Nathaniel', 'Reuben'],
    female: ['Shanice', 'Jade', 'Tia', 'Keisha', 'Aaliyah', 'Jasmine', 'Kiara', 'Imani', 'Naomi'],
    surnames: [
      'Campbell',
      'Williams',
      'Francis',
      'Bailey',
      'Reid',
      'Grant',
      'Henry',
      'Thomas',
      'Forbes',
      'Stewart',
      'Gayle',
      'Morrison',
    ],
  },
  chinese: {
    male: ['Wei', 'Jun', 'Hao', 'Yi', 'Ming', 'Jason', 'Kevin', 'Zhi', 'Ethan'],
    female: ['Mei', 'Xin', 'Ying', 'Lin', 'Jia', 'Chloe', 'Yan', 'Hui'],
    surnames: ['Chen', 'Wang', 'Li', 'Zhang', 'Liu', 'Wong', 'Lam', 'Cheung', 'Yang', 'Huang'],
  },
  arab: {
    male: ['Omar', 'Ahmed', 'Yousef', 'Mustafa', 'Hassan', 'Karim', 'Amir', 'Khalid', 'Sami'],
    female: ['Layla', 'Mariam', 'Hana', 'Yasmin', 'Sara', 'Rania', 'Lina', 'Nour'],
    surnames: [
      'Al-Sayed',
      'Haddad',
      'Saleh',
      'Mansour',
      'Abdullah',
      'Nasser',
      'Hamid',
      'Qasim',
      'Kareem',
      'Salem',
      'Al-Amin',
    ],
  },
};

/** DfE main ethnicity codes with rough weights for a northern English city; null = not recorded. */
export const ETHNICITY_WEIGHTS: readonly (readonly [string | null, number])[] = [
  ['WBRI', 62],
  ['WOTH', 5.5],
  ['WIRI', 0.5],
  ['WIRT', 0.4],
  ['WROM', 1.3],
  ['MWBC', 2.4],
  ['MWBA', 1],
  ['MWAS', 1.2],
  ['MOTH', 2],
  ['AIND', 1.2],
  ['APKN', 8],
  ['ABAN', 1],
  ['AOTH', 1.8],
  ['BCRB', 0.8],
  ['BAFR', 4.5],
  ['BOTH', 0.5],
  ['CHNE', 0.8],
  ['OOTH', 3.2],
  ['REFU', 0.5],
  [null, 0.4],
];

function groupFor(rng: Rng, ethnicity: string | null): NameGroup {
  switch (ethnicity) {
    case 'WOTH':
      return 'otherWhite';
    case 'WROM':
      return 'roma';
    case 'WIRI':
    case 'WIRT':
      return 'irish';
    case 'AIND':
    case 'APKN':
    case 'ABAN':
    case 'AOTH':
      return 'southAsian';
    case 'BAFR':
    case 'BOTH':
      return 'african';
    case 'BCRB':
      return 'caribbean';
    case 'CHNE':
      return 'chinese';
    case 'OOTH':
      return rng.chance(0.7) ? 'arab' : 'otherWhite';
    case 'MWBC':
      return rng.chance(0.5) ? 'british' : 'caribbean';
    case 'MWBA':
      return rng.chance(0.5) ? 'british' : 'african';
    case 'MWAS':
      return rng.chance(0.5) ? 'british' : 'southAsian';
    default:
      return 'british';
  }
}

export function pupilName(rng: Rng, sex: 'F' | 'M', ethnicity: string | null): { firstName: string; lastName: string } {
  const first = POOLS[groupFor(rng, ethnicity)];
  const last = POOLS[groupFor(rng, ethnicity)];
  return { firstName: rng.pick(sex === 'F' ? first.female : first.male), lastName: rng.pick(last.surnames) };
}

// Invented place names: stems and endings that read like English place names.
const STEMS = [
  'Ash',
  'Birch',
  'Bram',
  'Cal',
  'Dun',
  'Elm',
  'Fern',
  'Glen',
  'Hol',
  'Kirk',
  'Lark',
  'Mill',
  'Oak',
  'Rook',
  'Stan',
  'Thorn',
  'Wil',
  'Wren',
  'Ald',
  'Bel',
  'Cross',
  'Hazel',
  'Lin',
  'Marsh',
  'North',
  'Red',
  'Sil',
  'Tan',
  'Wester',
  'Yew',
  'Brack',
  'Clay',
  'Fox',
  'Hare',
  'Kes',
  'Rowan',
  'Swale',
  'Heron',
  'Long',
  'Moor',
];
const ENDINGS = [
  'by',
  'combe',
  'dale',
  'field',
  'ford',
  'hurst',
  'ley',
  'mead',
  'ridge',
  'ton',
  'wood',
  'worth',
  'brook',
  'gate',
  'holme',
  'croft',
  'bank',
  'stead',
];

/** A pool of distinct invented place names. */
export function placeNames(rng: Rng, n: number): string[] {
  const all: string[] = [];
  for (const s of STEMS) for (const e of ENDINGS) all.push(`${s}${e}`);
  return rng.sample(all, n);
}

export function primarySchoolName(rng: Rng, place: string, academy: boolean): string {
  if (academy) return rng.pick([`${place} Primary Academy`, `${place} Academy`, `${place} Primary Academy`]);
  return rng.weighted([
    [`${place} Primary School`, 6],
    [`${place} Community Primary School`, 2],
    [`${place} Infant and Junior School`, 1],
    [
      `St ${rng.pick(['Aidan', 'Bede', 'Hilda', 'Oswald', 'Chad', 'Cuthbert', 'Wilfrid', 'Anne', 'Mary', 'Thomas'])}'s ${rng.pick(['C of E', 'Catholic'])} Primary School, ${place}`,
      1.5,
    ],
  ] as const);
}

export function secondarySchoolName(rng: Rng, place: string, academy: boolean): string {
  if (academy)
    return rng.pick([`${place} Academy`, `${place} Park Academy`, `${place} Community Academy`, `${place} Academy`]);
  return rng.pick([`${place} School`, `${place} High School`, `${place} Secondary School`]);
}

export function specialSchoolName(rng: Rng, place: string): string {
  return rng.pick([`${place} School`, `${place} Special School`, `${place} Learning Centre`]);
}
