import type { RawTx } from '../../db/tenant-scope.ts';
import { indexTokens, tagPaths } from './search.ts';

const employers = [
  ['华能新能源科技有限公司', '91110000MA01A2B3C4', '北京'],
  ['清源大学能源学院', '12100000400000001X', '北京'],
  ['东方智造集团股份有限公司', '91310000MA1K3L5M7N', '上海'],
  ['江南环境研究院', '12320000466000123A', '江苏'],
  ['深蓝信息技术有限公司', '91440300MA5D6E7F8G', '广东'],
  ['华西生物医药研究所', '12510000450000456B', '四川'],
] as const;

const pool: { name: string; title: string; tags: string[]; employer: number; certificates?: string[]; bio: string }[] = [
  { name: '林海', title: '教授级高级工程师', tags: ['新能源/光伏', '新能源/储能'], employer: 0, certificates: ['注册电气工程师'], bio: '长期从事光伏电站设计与储能系统集成，主持多项省级示范项目评审。' },
  { name: '陈思远', title: '教授', tags: ['新能源/光伏', '新材料/薄膜'], employer: 1, bio: '研究方向为钙钛矿光伏材料，发表论文百余篇。' },
  { name: '王晓燕', title: '研究员', tags: ['新能源/储能', '新能源/氢能'], employer: 1, bio: '电化学储能与氢能系统安全评价。' },
  { name: '赵立新', title: '高级工程师', tags: ['智能制造/工业互联网', '智能制造/机器人'], employer: 2, certificates: ['信息系统项目管理师'], bio: '工业互联网平台建设与智能工厂改造。' },
  { name: '钱文博', title: '教授级高级工程师', tags: ['智能制造/数控装备'], employer: 2, bio: '数控机床可靠性与精度保持技术。' },
  { name: '孙雅琴', title: '研究员', tags: ['环境保护/大气治理', '环境保护/碳排放核算'], employer: 3, certificates: ['注册环保工程师'], bio: '大气污染防治与温室气体排放核算方法。' },
  { name: '周建华', title: '高级工程师', tags: ['环境保护/水处理'], employer: 3, bio: '工业废水深度处理与回用工程。' },
  { name: '吴天宇', title: '高级工程师', tags: ['信息技术/人工智能', '信息技术/数据安全'], employer: 4, bio: '大模型应用与数据安全合规评估。' },
  { name: '郑凯', title: '正高级工程师', tags: ['信息技术/软件测评', '信息技术/数据安全'], employer: 4, certificates: ['信息安全保障人员认证'], bio: '软件质量测评与等级保护测评。' },
  { name: '冯丽', title: '研究员', tags: ['生物医药/创新药', '生物医药/临床试验'], employer: 5, certificates: ['执业药师'], bio: '创新药临床试验设计与审评。' },
  { name: '蒋明', title: '副研究员', tags: ['生物医药/医疗器械'], employer: 5, bio: '有源医疗器械注册检验与标准。' },
  { name: '韩冰', title: '教授', tags: ['新能源/风电', '智能制造/数字孪生'], employer: 1, bio: '风电机组数字孪生与运维优化。' },
  { name: '杨帆', title: '高级经济师', tags: ['经济管理/项目评估', '经济管理/财务审计'], employer: 2, certificates: ['注册会计师'], bio: '投资项目经济评价与财务审计。' },
  { name: '朱琳', title: '高级工程师', tags: ['新能源/光伏', '经济管理/项目评估'], employer: 0, bio: '分布式光伏项目可行性研究与后评价。' },
];

/** A demo expert pool for the first association; expert@demo.test keeps the first profile. */
export async function seedExpertPool(tx: RawTx) {
  const tenant = await tx.tenant.findUniqueOrThrow({ where: { slug: 'demo' } });
  const account = await tx.user.findUniqueOrThrow({ where: { email: 'expert@demo.test' } });
  for (const [i, e] of pool.entries()) {
    const [employer, employerCreditCode, region] = employers[e.employer];
    const certificates = e.certificates ?? [];
    const profile = await tx.expertProfile.create({
      data: {
        tenantId: tenant.id,
        userId: i === 0 ? account.id : null,
        name: e.name,
        email: i === 0 ? account.email : null,
        title: e.title,
        certificates,
        fieldTags: e.tags,
        tagPaths: tagPaths(e.tags),
        employer,
        employerCreditCode,
        region,
        bio: e.bio,
        searchTokens: indexTokens(e.name, e.title, employer, region, e.bio, ...e.tags, ...certificates),
      },
    });
    if (i === 1) {
      await tx.expertRelationship.create({ data: { tenantId: tenant.id, expertId: profile.id, kind: 'coauthor', personName: '王晓燕', organization: '清源大学能源学院' } });
    }
  }
}
