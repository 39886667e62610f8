import { describe, expect, it } from '@jest/globals';
import { ItemCategory } from '../items/item.enums.js';
import { cellInput, readCell, shownValue } from './cell-values.js';

const read = (type: Parameters<typeof readCell>[0], input: Parameters<typeof readCell>[1], category = ItemCategory.EVIDENCE) => readCell(type, input, category);

describe('reading register cells', () => {
  it('reads numbers with thousands separators and Thai digits, and names text that is not one', () => {
    expect(read('number', '1,250.50')).toEqual({ value: 1250.5 });
    expect(read('number', '๑,๒๕๐')).toEqual({ value: 1250 });
    expect(read('number', 12)).toEqual({ value: 12 });
    expect(read('number', '  ')).toEqual({});
    expect(read('number', 'สิบ').problem).toBe('ต้องเป็นตัวเลข (พบ "สิบ")');
    expect(read('integer', '2.5').problem).toMatch(/จำนวนเต็ม/);
  });

  it('reads Buddhist-era วว/ดด/ปปปป (with a time), ISO, Excel dates and serials; refuses the rest in Thai', () => {
    expect(read('date', '10/01/2566')).toEqual({ value: '2023-01-10' });
    expect(read('date', '10/01/2566 14:30')).toEqual({ value: '2023-01-10T14:30:00+07:00' });
    expect(read('date', '10/01/2566 14.30 น.')).toEqual({ value: '2023-01-10T14:30:00+07:00' });
    expect(read('date', '2023-01-10')).toEqual({ value: '2023-01-10' });
    expect(read('date', new Date(Date.UTC(2023, 0, 10)))).toEqual({ value: '2023-01-10' });
    expect(read('date', new Date(Date.UTC(2566, 0, 10, 9, 5)))).toEqual({ value: '2023-01-10T09:05:00+07:00' });
    expect(read('date', 44936)).toEqual({ value: '2023-01-10' });
    expect(read('date', '31/02/2566').problem).toMatch(/^วันที่ "31\/02\/2566" ไม่ถูกต้อง/);
    expect(read('date', '10/01/2023').problem).toMatch(/พ\.ศ\./);
    expect(read('date', '2566-01-10').problem).toMatch(/ค\.ศ\./);
    expect(read('date', '10/01/2566 25:00').problem).toMatch(/เวลา/);
  });

  it('reads kinds and conditions in Thai or as codes, and lists the category\'s kinds when unknown', () => {
    expect(read('kind', 'ยาเสพติด')).toEqual({ value: 'drugs' });
    expect(read('kind', 'DRUGS')).toEqual({ value: 'drugs' });
    expect(read('kind', 'อื่นๆ')).toEqual({ value: 'other' });
    expect(read('kind', 'ระเบิด', ItemCategory.WEAPON).problem).toBe('ไม่รู้จัก "ระเบิด" เลือกได้: อาวุธปืน, เครื่องกระสุน, วัสดุอุปกรณ์, อื่น ๆ (อาวุธและยุทธภัณฑ์)');
    expect(read('condition', 'ชำรุด')).toEqual({ value: 'DAMAGED' });
    expect(read('acquisition', 'ซื้อ')).toEqual({ value: 'PURCHASE' });
    expect(read('funding', 'เงินบริจาค')).toEqual({ value: 'DONATION' });
  });

  it('reads text and location codes, and says when Excel turned a text into a date', () => {
    expect(read('text', '  123/2566 ')).toEqual({ value: '123/2566' });
    expect(read('text', 12345)).toEqual({ value: '12345' });
    expect(read('text', new Date(Date.UTC(2023, 11, 1))).problem).toMatch(/Excel แปลง/);
    expect(read('location', 'safe1')).toEqual({ value: 'SAFE1' });
  });

  it('reads denominations as value=count pairs', () => {
    expect(read('denominations', '1000=5; 500=2')).toEqual({ value: { '1000': 5, '500': 2 } });
    expect(read('denominations', '1,000 x 5')).toEqual({ value: { '1000': 5 } });
    expect(read('denominations', 'ห้าใบ').problem).toMatch(/มูลค่า=จำนวนใบ/);
  });

  it('shows what exceljs holds as a person sees it', () => {
    expect(cellInput({ richText: [{ text: 'ยา' }, { text: 'บ้า' }] })).toBe('ยาบ้า');
    expect(cellInput({ formula: 'A1*2', result: 4 })).toBe(4);
    expect(shownValue(new Date(Date.UTC(2023, 0, 10)))).toBe('10/01/2566');
  });
});
