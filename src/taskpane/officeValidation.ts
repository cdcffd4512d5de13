/**
 * In-cell drop-down lists on template columns (Type, Method, Kind...). Data validation is
 * ExcelApi 1.8, above the 1.7 the rest of the add-in needs and outside the adapter's port, so it
 * talks to Office.js directly and is only offered when the host says the API set is there.
 * Applied to the table column's data body, so rows the user adds to the table inherit it.
 */
import type { ListValidator } from './officeHost';

/** The validator when this Excel supports data validation, else undefined (templates say so). */
export function officeListValidator(): ListValidator | undefined {
  if (typeof Office === 'undefined' || !Office.context?.requirements?.isSetSupported('ExcelApi', '1.8')) return undefined;
  return async (tableName: string, column: string, values: readonly string[]): Promise<void> => {
    await Excel.run(async (context: Excel.RequestContext) => {
      const body = context.workbook.tables.getItem(tableName).columns.getItem(column).getDataBodyRange();
      body.dataValidation.clear();
      body.dataValidation.rule = { list: { inCellDropDown: true, source: values.join(',') } };
      body.dataValidation.errorAlert = { showAlert: true, style: Excel.DataValidationAlertStyle.stop, title: column, message: `Choose one of: ${values.join(', ')}` };
      await context.sync();
    });
  };
}
