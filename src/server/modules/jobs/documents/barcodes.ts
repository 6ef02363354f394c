import bwipjs from 'bwip-js/node';

export type TicketImages = { barcode: Buffer; qr: Buffer };

/** The job number as a Code 128 barcode and a QR code to the job's page, both PNG. */
export async function ticketImages(number: string, url: string): Promise<TicketImages> {
  const [barcode, qr] = await Promise.all([
    bwipjs.toBuffer({ bcid: 'code128', text: number, scale: 3, height: 12, includetext: false }),
    bwipjs.toBuffer({ bcid: 'qrcode', text: url, scale: 4 }),
  ]);
  return { barcode, qr };
}
