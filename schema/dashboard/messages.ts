import { defineMessages } from '../i18n/define.ts';

export const dashboardMessages = defineMessages({
  'zh-CN': {
    title: '领导驾驶舱',
    subtitle: '协会运行情况，实时更新',
    fullscreen: '全屏展示',
    exitFullscreen: '退出全屏',
    updated: '更新于 {{time}}',
    live: '实时',
    reconnecting: '正在重新连接…',
    details: '查看明细',
    activeMembers: {
      title: '活跃用户（近 30 天）',
      active: '活跃 {{count}} 人',
      of: '共 {{total}} 人',
      series: '每日登录人数',
    },
  },
  en: {
    title: 'Leadership dashboard',
    subtitle: 'How the association is doing, live',
    fullscreen: 'Full screen',
    exitFullscreen: 'Exit full screen',
    updated: 'Updated {{time}}',
    live: 'Live',
    reconnecting: 'Reconnecting…',
    details: 'Details',
    activeMembers: {
      title: 'Active users (30 days)',
      active: '{{count}} active',
      of: 'of {{total}}',
      series: 'People logging in per day',
    },
  },
});
