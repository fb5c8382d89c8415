/**
 * Admin/exams: every exam and its rules; 新建考试 and 编辑 open the form (title, time zone, 佐证视频, 人脸登录, answer time, late cutoff, maximum bitrate); TIME_ZONE_INVALID and EXAM_IN_USE in the form. Each story shows a fixed
 * view; the toolbar's locale applies, and the English story shows the en words.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { examsViews } from './exams.fixtures';
import { adminStage, type AdminStoryArgs } from './admin-story';

const meta = {
  title: 'Admin/exams 考试',
  ...adminStage(examsViews.list, examsViews),
} satisfies Meta<AdminStoryArgs>;
export default meta;
type Story = StoryObj<AdminStoryArgs>;
export const Default: Story = {};
export const Loading: Story = { args: { view: examsViews.loading } };
export const List: Story = { args: { view: examsViews.list } };
export const Empty: Story = { args: { view: examsViews.empty } };
export const Creating: Story = { args: { view: examsViews.creating } };
export const Editing: Story = { args: { view: examsViews.editing } };
export const Saving: Story = { args: { view: examsViews.saving } };
export const TimeZoneInvalid: Story = { args: { view: examsViews.timeZoneInvalid } };
export const ExamInUse: Story = { args: { view: examsViews.examInUse } };
export const Failed: Story = { args: { view: examsViews.failed } };
export const English: Story = { args: { view: examsViews.editing, lang: 'en' } };
