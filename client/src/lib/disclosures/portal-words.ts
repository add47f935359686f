// Words of the portal's 信息公开 pages, per language (others fall back to Chinese).
export const words = {
  intro: { 'zh-CN': '本会依法公开年度工作报告、财务报告和审计报告，接受会员和社会公众监督。对公开信息的提问，本会在 7 个工作日内答复。', en: 'We publish our annual reports, finance statements and audit reports. Questions about them are answered within 7 working days.' },
  kind: {
    annual_report: { 'zh-CN': '年度工作报告', en: 'Annual report' },
    finance_statement: { 'zh-CN': '财务报告', en: 'Finance statement' },
    audit_report: { 'zh-CN': '审计报告', en: 'Audit report' },
    other: { 'zh-CN': '其他', en: 'Other' },
  },
  download: { 'zh-CN': '下载 PDF', en: 'Download PDF' },
  questions: { 'zh-CN': '公众提问', en: 'Questions' },
  answered: { 'zh-CN': '已答复 {n} 条', en: '{n} answered' },
  noQuestions: { 'zh-CN': '暂无提问。', en: 'No questions yet.' },
  answer: { 'zh-CN': '答复', en: 'Answer' },
  pending: { 'zh-CN': '待答复，答复期限 {date}', en: 'Awaiting an answer, due {date}' },
  ask: { 'zh-CN': '我要提问', en: 'Ask a question' },
  name: { 'zh-CN': '姓名', en: 'Name' },
  email: { 'zh-CN': '电子邮箱（不公开）', en: 'E-mail (not shown)' },
  question: { 'zh-CN': '问题', en: 'Question' },
  submit: { 'zh-CN': '提交问题', en: 'Submit' },
  thanks: { 'zh-CN': '问题已提交，本会将在 {date} 前答复。', en: 'Thank you. We will answer by {date}.' },
};
