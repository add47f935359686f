import type { PortalLocale } from './locales.ts';

/**
 * The portal's own words in its eight languages. Modules that add a portal section add its label
 * here (all eight languages), next to the others.
 */
const zh = {
  home: '首页',
  about: '协会简介',
  language: '语言',
  login: '工作台登录',
  empty: '暂无内容。',
  notFound: '未找到该协会。',
  published: '发布于 {{date}}',
  back: '返回',
  sections: {
    news: '新闻动态',
    events: '会议活动',
    standards: '团体标准',
    comments: '征求意见',
    disclosures: '信息公开',
    notices: '公示公告',
    join: '入会申请',
    welfare: '公益台账',
    international: '国际合作',
  },
};
type Shape = typeof zh;

export const portalMessages: Record<PortalLocale, Shape> = {
  'zh-CN': zh,
  en: {
    home: 'Home',
    about: 'About us',
    language: 'Language',
    login: 'Staff login',
    empty: 'Nothing here yet.',
    notFound: 'There is no such association.',
    published: 'Published {{date}}',
    back: 'Back',
    sections: { news: 'News', events: 'Events', standards: 'Standards', comments: 'Public comment', disclosures: 'Disclosures', notices: 'Notices', join: 'Join us', welfare: 'Public welfare', international: 'International cooperation' },
  },
  ja: {
    home: 'ホーム',
    about: '協会について',
    language: '言語',
    login: '職員ログイン',
    empty: 'まだ内容がありません。',
    notFound: '該当する協会が見つかりません。',
    published: '{{date}} 公開',
    back: '戻る',
    sections: { news: 'ニュース', events: '会議・イベント', standards: '団体標準', comments: '意見募集', disclosures: '情報公開', notices: '公示', join: '入会申請', welfare: '公益活動', international: '国際協力' },
  },
  ko: {
    home: '홈',
    about: '협회 소개',
    language: '언어',
    login: '직원 로그인',
    empty: '아직 내용이 없습니다.',
    notFound: '해당 협회를 찾을 수 없습니다.',
    published: '{{date}} 게시',
    back: '뒤로',
    sections: { news: '뉴스', events: '회의·행사', standards: '단체 표준', comments: '의견 수렴', disclosures: '정보 공개', notices: '공시', join: '회원 가입 신청', welfare: '공익 활동', international: '국제 협력' },
  },
  fr: {
    home: 'Accueil',
    about: 'Présentation',
    language: 'Langue',
    login: 'Connexion du personnel',
    empty: 'Rien pour le moment.',
    notFound: 'Association introuvable.',
    published: 'Publié le {{date}}',
    back: 'Retour',
    sections: { news: 'Actualités', events: 'Événements', standards: 'Normes', comments: 'Consultation publique', disclosures: 'Transparence', notices: 'Avis publics', join: 'Adhérer', welfare: 'Action solidaire', international: 'Coopération internationale' },
  },
  de: {
    home: 'Startseite',
    about: 'Über uns',
    language: 'Sprache',
    login: 'Anmeldung für Mitarbeitende',
    empty: 'Noch keine Inhalte.',
    notFound: 'Verband nicht gefunden.',
    published: 'Veröffentlicht am {{date}}',
    back: 'Zurück',
    sections: { news: 'Neuigkeiten', events: 'Veranstaltungen', standards: 'Verbandsnormen', comments: 'Öffentliche Stellungnahme', disclosures: 'Offenlegung', notices: 'Bekanntmachungen', join: 'Mitglied werden', welfare: 'Gemeinwohl', international: 'Internationale Zusammenarbeit' },
  },
  ru: {
    home: 'Главная',
    about: 'Об ассоциации',
    language: 'Язык',
    login: 'Вход для сотрудников',
    empty: 'Пока ничего нет.',
    notFound: 'Ассоциация не найдена.',
    published: 'Опубликовано {{date}}',
    back: 'Назад',
    sections: { news: 'Новости', events: 'Мероприятия', standards: 'Стандарты', comments: 'Общественное обсуждение', disclosures: 'Раскрытие информации', notices: 'Объявления', join: 'Вступить', welfare: 'Благотворительность', international: 'Международное сотрудничество' },
  },
  es: {
    home: 'Inicio',
    about: 'Quiénes somos',
    language: 'Idioma',
    login: 'Acceso del personal',
    empty: 'Aún no hay contenido.',
    notFound: 'No se encontró la asociación.',
    published: 'Publicado el {{date}}',
    back: 'Volver',
    sections: { news: 'Noticias', events: 'Eventos', standards: 'Normas', comments: 'Consulta pública', disclosures: 'Transparencia', notices: 'Avisos públicos', join: 'Hacerse socio', welfare: 'Bienestar público', international: 'Cooperación internacional' },
  },
};

export type PortalSection = keyof Shape['sections'];
