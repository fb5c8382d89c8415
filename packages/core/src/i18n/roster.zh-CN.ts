import type { RosterProblem } from '../rules/roster.js';

/** Why a roster row is refused, as the import's report says it (the administrator's 名单导入). */
export const zhCNRosterProblems: Readonly<Record<RosterProblem, string>> = {
  NAME_MISSING: '姓名为空。',
  ID_NUMBER_MISSING: '身份证号为空。',
  ID_NUMBER_FORMAT: '身份证号格式不正确：应为 17 位数字加 1 位数字或 X。',
  ID_NUMBER_BIRTH_DATE: '身份证号中的出生日期不存在。',
  ID_NUMBER_CHECKSUM: '身份证号校验位不正确，请核对是否有录入错误。',
  ID_NUMBER_DUPLICATE: '该身份证号在文件中出现了不止一次。',
  ADMISSION_NUMBER_MISSING: '准考证号为空。',
  ADMISSION_NUMBER_FORMAT: '准考证号只能包含字母、数字和 -。',
  ADMISSION_NUMBER_DUPLICATE: '该准考证号在文件中出现了不止一次。',
  ADMISSION_NUMBER_TAKEN: '该准考证号已属于本考试的另一名考生。',
  SITTING_MISSING: '场次为空。',
  SITTING_UNKNOWN: '本考试没有这个场次（按场次名称或编号查找）。',
  SITTING_AMBIGUOUS: '本考试有多个同名场次，请改用场次编号。',
  CANDIDATE_ENTERED: '该考生已进入考试，不能再调到其他场次。',
  FIELD_TOO_LONG: '内容过长。',
  PASSWORD_INVALID: '密码须为 6 至 64 个可见的英文字母、数字或符号，且不能以 = + - @ 开头。',
  PHOTO_NAME_INVALID: '照片文件名须为 .jpg、.jpeg 或 .png 文件，且不能含有路径。',
  COLUMNS_MISSING: '缺少必填的列（姓名、身份证号、准考证号、场次）。',
  COLUMN_DUPLICATE: '有两列的列名相同。',
  TOO_MANY_ROWS: '行数超过上限，请拆分为多个文件。',
  EMPTY: '文件中没有考生。',
};
